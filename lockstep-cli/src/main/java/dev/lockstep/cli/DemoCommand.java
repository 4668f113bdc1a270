package dev.lockstep.cli;

import dev.lockstep.examples.ApiThrottle;
import dev.lockstep.examples.CpuFanOut;
import dev.lockstep.examples.InitGate;
import dev.lockstep.examples.LostUpdate;
import dev.lockstep.examples.SeedQuestions;
import dev.lockstep.examples.SeedRaces;
import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Failure;
import dev.lockstep.explore.HtmlReport;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Strategy;
import dev.lockstep.junit.MethodScenario;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.task.DebugReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep demo}: the seed document's scenarios, run in front of the user. The race of scenario 1 is found,
 * shrunk, printed and drawn into the HTML report; its fix is verified; scenarios 2 to 4 and the three questions are
 * answered with measurements.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the four race scenarios Lockstep was built for: find the race, draw it, verify the fix,"
                + " measure the rest.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--report", paramLabel = "FILE.html", defaultValue = "lockstep-report.html",
            description = "Where to write the HTML report (default: lockstep-report.html).")
    Path report;

    @Option(names = "--seed", paramLabel = "N", description = "The explorer's seed (default: random).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Lockstep demo: the four race scenarios of Lockstep's design brief (the concurrency guide it grew");
        out.println("from, written for asyncio), in Java on virtual threads. Code that looks sequential still races");
        out.println("wherever it can suspend; Lockstep finds where.");
        out.println();

        out.println("1. Read, suspend, write. Three tasks each run:");
        out.println("       int temp = counter;  Clock.sleep(10 ms);  counter = temp + 1;");
        Explorer.Builder b = Explorer.builder().strategy(Strategy.pct(3)).iterations(1000);
        if (seed != null) {
            b.seed(seed);
        }
        String target = SeedRaces.class.getName() + "#lostUpdate";
        Report race = b.build().explore(MethodScenario.of(SeedRaces.class,
                SeedRaces.class.getMethod("lostUpdate")));
        String replay = "./lockstep replay " + target + " %s";
        if (race.failed()) {
            Failure f = race.failure().orElseThrow();
            out.println("   Found after " + race.iterations() + " schedule(s) (pct(3), seed " + race.seed() + "): "
                    + f.message());
            out.println("   The smallest interleaving that fails (" + f.preemptions() + " preemptions: every task"
                    + " blocks in its sleep, and that is enough):");
            out.println(indent(f.trace().toText(), "   "));
            out.println("   Replay it: " + replay.replace("%s", f.schedule()));
        } else {
            out.println("   Not found in " + race.iterations() + " schedules (try another seed).");
        }
        Report verified = Explorer.builder().strategy(Strategy.dfs(2)).iterations(100_000).build()
                .explore(LostUpdate.better(3));
        out.println("   The Mutex version, explored exhaustively with dfs(2): " + (verified.exhausted()
                && !verified.failed() ? "verified, all " + verified.iterations() + " schedules pass."
                : verified.summary()));
        HtmlReport.write(race, report, "Seed scenario 1: read, suspend, write", replay);
        out.println();

        out.println("2. 1,000 calls to an API that allows 10 at a time (a real HTTP server on loopback counts them).");
        try (ApiThrottle api = new ApiThrottle(Duration.ofMillis(5))) {
            int throttled = api.callAll(1000, new Semaphore("api", 10));
            int flooded = api.callAll(1000, null);
            out.println("   With Semaphore(\"api\", 10): the server saw at most " + throttled + " requests in flight.");
            out.println("   Without it:                the server saw " + flooded + " in flight at once.");
        }
        out.println();

        out.println("3. Workers wait until the database is ready, all on ONE carrier thread (a Loop).");
        InitGate.Outcome event = InitGate.withEvent(10_000, Duration.ofMillis(50));
        InitGate.Outcome polling = InitGate.withPolling(1_000, Duration.ofMillis(50), Duration.ofMillis(1));
        out.printf("   Event:   %,d workers each woke once (%,d wake-ups); waiting held no carrier, so the%n",
                event.queries(), event.wakeUps());
        out.println("            initialiser could run on the same one meanwhile.");
        out.printf("   Polling: %,d workers polling every 1 ms woke up %,d times for the same result.%n",
                polling.queries(), polling.wakeUps());
        out.println();

        out.println("4. CPU-bound work on 4 platform threads.");
        long counted = CpuFanOut.sharedCounter(4, 1_000_000);
        out.printf("   Shared counter: 4,000,000 increments, the counter says %,d: %,d updates lost%s%n", counted,
                4_000_000 - counted, counted < 4_000_000 ? "." : " this time (the workers happened not to overlap;"
                        + " the race is still there: run the demo again).");
        long expected = 0;
        for (int j = 0; j < 5000; j++) {
            expected += CpuFanOut.heavy(j);
        }
        long sum = CpuFanOut.messagePassing(4, 5000);
        out.println("   WorkQueues:     5,000 results passed as messages; the sum is " + (sum == expected
                ? "exact." : "WRONG (" + sum + " instead of " + expected + ")"));
        out.println();

        out.println("Question 1: no suspension point, no race? On a Loop, yes: 8 tasks x 100,000 unsynchronized"
                + " increments = " + String.format("%,d", SeedQuestions.atomicWithoutSuspension(8, 100_000)) + ".");
        // The demo shows the debug report itself: keep the loop's log (a WARNING with a stack) off the terminal.
        java.util.logging.Logger loopLog = java.util.logging.Logger.getLogger("dev.lockstep.loop");
        java.util.logging.Level level = loopLog.getLevel();
        loopLog.setLevel(java.util.logging.Level.OFF);
        List<DebugReport> reports;
        try {
            reports = SeedQuestions.blockingTheLoop(Duration.ofMillis(250), Duration.ofMillis(100));
        } finally {
            loopLog.setLevel(level);
        }
        reports.stream().filter(r -> r.kind() == DebugReport.Kind.SLOW_TASK).findFirst().ifPresent(r ->
                out.println("   But such code blocks the loop, and debug mode says who: \"" + r.message() + "\""));
        out.println("Question 2: " + SeedQuestions.overRelease());
        out.println("Question 3: how to test for races? Write the test as an @ExploreTest (see the README): the");
        out.println("   explorer forces the switches, JUnit supplies the parameters, a failure prints @Replay.");
        out.println();
        out.println("HTML report, with the interleaving drawn: " + report.toAbsolutePath());
        out.flush();
        return Main.OK;
    }

    private static String indent(String text, String prefix) {
        return prefix + text.stripTrailing().replace("\n", "\n" + prefix);
    }
}
