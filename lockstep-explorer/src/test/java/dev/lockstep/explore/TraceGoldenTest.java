package dev.lockstep.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The text and Mermaid renderings of traces are pinned by golden files. */
class TraceGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void lostUpdateTrace() throws IOException {
        Failure f = shrunk(GoldenScenarios.lostUpdate());
        assertEquals(Failure.Kind.ASSERTION, f.kind());
        assertEquals(1, f.preemptions());
        golden("lost-update.txt", f.trace().toText());
        golden("lost-update.mmd", f.trace().toMermaid());
    }

    @Test
    void deadlockTraceAndPicture() throws IOException {
        Failure f = shrunk(GoldenScenarios.deadlock());
        assertEquals(Failure.Kind.DEADLOCK, f.kind());
        golden("deadlock.txt", f.message() + "\n\n" + f.trace().toText());
        golden("deadlock.mmd", f.trace().toMermaid());
    }

    /** The shrunk failure, which does not depend on the seed that first found it. */
    private static Failure shrunk(Scenario s) {
        Failure f = Explorer.builder().strategy(Strategy.dfs(2)).iterations(10_000).build().explore(s)
                .failure().orElseThrow();
        Report replay = Explorer.builder().build().replay(s, f.schedule());
        assertEquals(f.trace().toText(), replay.failure().orElseThrow().trace().toText());
        return f;
    }

    private static void golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("lockstep.updateGolden") || !Files.exists(file)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(expected.length() > 0);
        assertEquals(expected, actual, "trace format changed: compare with " + file
                + " (regenerate with -Dlockstep.updateGolden=true if the change is intended)");
    }
}
