package dev.lockstep.cli;

import dev.lockstep.verify.VerificationReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockstep verify}: Lockstep verifies itself and writes docs/VERIFICATION.md. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Model-check every primitive with the explorer, run the asyncio regression scenarios, a"
                + " parallel stress run and the bad-input table, and write the result as Markdown.")
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE.md", defaultValue = "docs/VERIFICATION.md",
            description = "Where to write the report (default: docs/VERIFICATION.md).")
    Path out;

    @Option(names = "--pct-iterations", paramLabel = "N", defaultValue = "10000",
            description = "Randomized schedules per scenario, after the exhaustive search (default 10000).")
    int pctIterations;

    @Option(names = "--stress-seconds", paramLabel = "N", defaultValue = "20",
            description = "Length of each parallel stress run (default 20).")
    long stressSeconds;

    @Override
    public Integer call() throws Exception {
        PrintStream progress = System.err;
        boolean ok = VerificationReport.write(out, pctIterations, Duration.ofSeconds(stressSeconds), progress);
        System.out.println((ok ? "Everything verified. " : "FAILURES: see the report. ") + "Report: "
                + out.toAbsolutePath());
        return ok ? Main.OK : Main.BUG;
    }
}
