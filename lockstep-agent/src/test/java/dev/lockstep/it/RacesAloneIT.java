package dev.lockstep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The agent's {@code races} option without the explorer: a plain run of the program, on real threads in parallel,
 * reports every race of the corpus in the explorer's words, and nothing in the twins, like ThreadSanitizer.
 */
class RacesAloneIT {

    /** Runs {@link RacesMain} with the agent's options {@code options}; its standard output and error. */
    static String[] runMain(String options) throws Exception {
        String agent = Arrays.stream(ProcessHandle.current().info().arguments().orElseThrow())
                .filter(a -> a.startsWith("-javaagent:")).findFirst().orElseThrow(); // this JVM's own agent
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), agent + "=" + options, "-cp", System.getProperty("java.class.path"),
                RacesMain.class.getName()));
        Path errors = java.nio.file.Files.createTempFile("races", ".err");
        Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "it ran");
        String stderr = java.nio.file.Files.readString(errors);
        java.nio.file.Files.delete(errors);
        assertEquals(0, p.exitValue(), stdout + stderr);
        return new String[] {stdout, stderr};
    }

    @Test
    void aPlainRunReportsEveryRaceOfTheCorpusAndNoneOfTheTwins() throws Exception {
        String[] run = runMain("races");
        List<String> lines = run[0].lines().toList();
        for (RaceCorpus.Racy c : RaceCorpus.racy()) {
            String line = lines.stream().filter(l -> l.startsWith("racy\t" + c.name() + "\t") || l.equals("racy\t"
                    + c.name())).findFirst().orElseThrow(() -> new AssertionError("no line for " + c.name()));
            assertTrue(line.contains("\t" + c.variable()), c.name() + " not reported: " + line + "\n" + run[1]);
        }
        for (RaceCorpus.Twin t : RaceCorpus.twins()) {
            assertTrue(lines.contains("twin\t" + t.mechanism()), t.mechanism() + ": " + lines + "\n" + run[1]);
        }
        // The same report as the explorer's, on standard error, once per pair of sites.
        assertTrue(run[1].contains("Lockstep: DATA_RACE data race on RaceCorpus.Counter.value: "), run[1]);
        assertTrue(run[1].lines().filter(l -> l.startsWith("Lockstep: DATA_RACE")).count()
                >= RaceCorpus.racy().size(), run[1]);
    }

    @Test
    void theBenignOptionSilencesAField() throws Exception {
        String[] run = runMain("races,benign=dev.lockstep.it.RaceCorpus$Counter.value");
        assertTrue(!run[1].contains("data race on RaceCorpus.Counter.value"), run[1]);
        assertTrue(run[1].contains("data race on RaceCorpus.Holder.payload"), run[1]);
    }
}
