package dev.lockstep.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's main command, {@code ./lockstep demo}, as a new user runs it: what it prints to the terminal is the
 * demo and nothing else (no JVM warning, no log record with a stack trace, no colour codes), and it writes its report.
 */
class TheMainCommandTest {

    @Test
    void theDemoSaysItsPieceAndNothingElse() throws Exception {
        Path work = UseItInYourProjectTest.WORK;
        Path report = work.resolve("demo.html");
        String out = Builds.run(Builds.ROOT, work.resolve("demo.out"), work.resolve("demo.err"),
                "./lockstep demo --report " + report);
        String err = Files.readString(work.resolve("demo.err"));
        assertTrue(out.contains("Found after") && out.contains("verified, all") && out.contains("updates lost"), out);
        assertTrue(out.contains("design brief"), "the demo says what 'the seed' is: " + out);
        String unexpected = err.lines().filter(l -> !l.startsWith("Building Lockstep")).reduce("", (a, b) -> a + b
                + "\n");
        assertEquals("", unexpected, "nothing on standard error but the first-use build notice");
        assertTrue(!out.contains("\u001b["), "no terminal colour codes in piped output");
        assertTrue(Files.readString(report).contains("<svg id=\"interleaving\""));
    }
}
