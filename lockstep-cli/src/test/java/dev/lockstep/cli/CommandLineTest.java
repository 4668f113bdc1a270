package dev.lockstep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    @TempDir
    Path dir;

    /** Runs the command line, capturing what it prints. */
    record Result(int exit, String out, String err) {}

    static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void exploreFindsTheRaceExitsTwoAndWritesTheReport() throws Exception {
        Path report = dir.resolve("race.html");
        Result r = run("explore", Samples.class.getName() + "#racy", "--report", report.toString());
        assertEquals(Main.BUG, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("ASSERTION"), r.out());
        assertTrue(r.out().contains("preempted"), r.out());
        assertTrue(r.out().contains("Replay it: ./lockstep replay " + Samples.class.getName() + "#racy 1:"), r.out());
        assertTrue(r.out().contains("HTML report: " + report.toAbsolutePath()), r.out());
        String html = Files.readString(report);
        assertTrue(html.contains("<svg id=\"interleaving\""), html);
        assertTrue(!html.contains("http://") || html.indexOf("http://") == html.indexOf("http://www.w3.org/2000/svg"),
                "self-contained: no links but the SVG namespace");
    }

    @Test
    void exploreOfAVerifiedMethodExitsZero() {
        Result r = run("explore", Samples.class.getName() + "#locked", "--report", dir.resolve("ok.html").toString());
        assertEquals(Main.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Verified: dfs(2) ran all"), r.out());
    }

    @Test
    void exploreOfAWholeClassRunsEveryMethodAndReportsEach() {
        Result r = run("explore", Samples.class.getName(), "--report", dir.resolve("all.html").toString());
        assertEquals(Main.BUG, r.exit());
        assertTrue(r.out().contains("#locked:") && r.out().contains("#racy:"), r.out());
        assertTrue(Files.exists(dir.resolve("all-racy.html")) && Files.exists(dir.resolve("all-locked.html")));
    }

    @Test
    void replayReproducesTheFailure() {
        Result found = run("explore", Samples.class.getName() + "#racy", "--report", dir.resolve("a.html").toString());
        Matcher m = Pattern.compile("#racy (1:[0-9.*]+)").matcher(found.out());
        assertTrue(m.find(), found.out());
        Result r = run("replay", Samples.class.getName() + "#racy", m.group(1), "--report",
                dir.resolve("b.html").toString());
        assertEquals(Main.BUG, r.exit(), r.out());
        assertTrue(r.out().contains("The failure reproduced."), r.out());
    }

    @Test
    void formatsJsonAndMermaid() {
        Result json = run("explore", Samples.class.getName() + "#racy", "--format", "json", "--report",
                dir.resolve("j.html").toString());
        assertTrue(json.out().strip().startsWith("{\"results\":[{\"method\":\"" + Samples.class.getName()
                + "#racy\",\"report\":{\"failed\":true"), json.out());
        assertTrue(json.out().strip().lines().count() == 1, "one document: " + json.out());
        assertTrue(json.err().contains("HTML report:") && !json.out().contains("HTML report:"), json.out());
        assertTrue(json.out().contains("\"kind\":\"ASSERTION\""), json.out());
        Result mermaid = run("explore", Samples.class.getName() + "#racy", "--format", "mermaid", "--report",
                dir.resolve("m.html").toString());
        assertTrue(mermaid.out().startsWith("sequenceDiagram\n"), mermaid.out());
        assertTrue(!mermaid.out().contains("HTML report:") && mermaid.err().contains("HTML report:"), mermaid.out());
        // A whole class in json: one document naming each method.
        Result all = run("explore", Samples.class.getName(), "--format", "json", "--report",
                dir.resolve("all.html").toString());
        assertEquals(Main.BUG, all.exit());
        assertTrue(all.out().strip().lines().count() == 1, all.out());
        assertTrue(all.out().contains("#racy\",\"report\"") && all.out().contains("#locked\",\"report\""),
                all.out());
    }

    @Test
    void shardsRunDisjointPartsThatAddUpToTheWholeRun() {
        int total = 0;
        for (int i = 1; i <= 3; i++) {
            Result r = run("explore", Samples.class.getName() + "#locked", "--strategy", "random", "--iterations",
                    "100", "--shard", i + "/3", "--report", dir.resolve("s" + i + ".html").toString());
            assertEquals(Main.OK, r.exit(), r.out() + r.err());
            Matcher m = Pattern.compile("No failure in (\\d+) schedules \\(random shard " + i + "/3, seed (-?\\d+)")
                    .matcher(r.out());
            assertTrue(m.find(), r.out());
            total += Integer.parseInt(m.group(1));
        }
        assertEquals(100, total, "the three shards ran the 100 schedules between them");
        Result bad = run("explore", Samples.class.getName() + "#locked", "--shard", "4/3");
        assertEquals(Main.ERROR, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().contains("--shard: shard 4/3: needs 1 <= I <= N"), bad.err());
    }

    @Test
    void strategyAndBudgetFlagsOverrideTheAnnotation() {
        Result r = run("explore", Samples.class.getName() + "#locked", "--strategy", "random", "--iterations", "7",
                "--seed", "99", "--report", dir.resolve("o.html").toString());
        assertEquals(Main.OK, r.exit());
        assertTrue(r.out().contains("No failure in 7 schedules (random, seed 99"), r.out());
    }

    @Test
    void classesLoadFromTheGivenClasspath() throws Exception {
        Path src = dir.resolve("src/demo/Outside.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package demo;
                public class Outside {
                    int n;
                    @dev.lockstep.junit.ExploreTest(strategy = "dfs", iterations = 1000)
                    public void twoIncrements() throws Exception {
                        Thread a = Thread.ofVirtual().start(() -> { int t = n; Thread.yield(); n = t + 1; });
                        Thread b = Thread.ofVirtual().start(() -> { int t = n; Thread.yield(); n = t + 1; });
                        a.join(); b.join();
                        if (n != 2) throw new AssertionError("lost an update: " + n);
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, compiled);
        Result r = run("explore", "--classpath", classes.toString(), "demo.Outside", "--report",
                dir.resolve("c.html").toString());
        assertEquals(Main.BUG, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("lost an update: 1"), r.out());
        assertTrue(r.out().contains("./lockstep replay --classpath " + classes + " demo.Outside#twoIncrements"),
                r.out());
    }

    @Test
    void aTestThatNeedsJUnitsExtensionsIsRefusedInWords() {
        Result r = run("explore", NeedsJUnit.class.getName());
        assertEquals(Main.ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(NeedsJUnit.class.getName() + "#writesIntoItsDirectory needs JUnit's extensions"
                + " (field dir is annotated for an extension)") && r.err().contains("mvn test -Dtest=NeedsJUnit"),
                r.err());
        assertTrue(!r.out().contains("found a bug"), r.out());
    }

    @Test
    void usageErrorsExitOne() {
        assertEquals(Main.ERROR, run("explore", "no.such.Type").exit());
        Result r = run("explore", "no.such.Type");
        assertTrue(r.err().contains("class not found: no.such.Type"), r.err());
        assertEquals(Main.ERROR, run("explore", Samples.class.getName(), "--strategy", "bogus").exit());
        assertEquals(Main.ERROR, run("explore", Samples.class.getName(), "--format", "xml").exit());
        assertEquals(Main.ERROR, run("replay", Samples.class.getName() + "#racy", "not-a-schedule").exit());
        assertEquals(Main.ERROR, run("frobnicate").exit());
        Result missing = run("explore");
        assertEquals(Main.ERROR, missing.exit(), "a missing argument is a usage error, not a bug found");
        assertTrue(missing.err().contains("--help"), missing.err());
        assertEquals(Main.ERROR, run("explore", Samples.class.getName(), "--no-such-option").exit());
        assertEquals(Main.ERROR, run("replay").exit());
        Result zero = run("explore", Samples.class.getName(), "--time-limit", "0");
        assertEquals(Main.ERROR, zero.exit());
        assertTrue(zero.err().contains("--time-limit must be at least 1, got 0"), zero.err());
        assertTrue(!zero.err().contains("Builder"), "in the command line's words: " + zero.err());
        Result iterations = run("explore", Samples.class.getName(), "--iterations", "-3");
        assertTrue(iterations.err().contains("--iterations must be at least 1"), iterations.err());
        assertEquals(Main.OK, run("--help").exit());
    }

    @Test
    void replayingAnotherMethodsScheduleSaysSoAndNotThatTheFailureReproduced() {
        Result r = run("replay", Samples.class.getName() + "#locked", "1:3*40", "--report",
                dir.resolve("other.html").toString());
        assertTrue(r.out().contains("NONDETERMINISM"), r.out());
        assertTrue(r.out().contains("The schedule could not be followed"), r.out());
        assertTrue(!r.out().contains("The failure reproduced."), r.out());
    }

    @Test
    void aProgressBarOnTerminalsAndPlainOutputWhenPiped() {
        Result bar = run("explore", Samples.class.getName() + "#locked", "--progress", "always", "--report",
                dir.resolve("p.html").toString());
        assertTrue(bar.err().contains("schedules ·") && bar.err().contains("/s ·") && bar.err().contains("left"),
                bar.err());
        assertTrue(bar.err().contains("\r"), "redrawn in place");
        Result piped = run("explore", Samples.class.getName() + "#locked", "--report",
                dir.resolve("q.html").toString());
        assertEquals("", piped.err(), "no console here, so no bar");
    }

    @Test
    void theDemoFindsTheRaceVerifiesTheFixAndWritesTheReport() throws Exception {
        Path report = dir.resolve("demo.html");
        Result r = run("demo", "--seed", "7", "--report", report.toString());
        assertEquals(Main.OK, r.exit(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.contains("Found after"), out);
        assertTrue(out.contains("Replay it: ./lockstep replay dev.lockstep.examples.SeedRaces#lostUpdate 1:"), out);
        assertTrue(out.contains("verified, all"), out);
        assertTrue(out.contains("the server saw at most 10 requests in flight"), out);
        assertTrue(out.contains("updates lost"), out);
        assertTrue(out.contains("HTML report, with the interleaving drawn: " + report.toAbsolutePath()), out);
        assertTrue(Files.readString(report).contains("class=\"lane\""));
    }
}
