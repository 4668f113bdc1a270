package dev.lockstep.cli;

import dev.lockstep.explore.Progress;
import java.io.PrintStream;
import java.util.function.Consumer;

/** A one-line progress bar for terminals: schedules done, schedules per second, failures, time left. */
final class ProgressBar implements Consumer<Progress> {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final String label;
    private int lastLength;

    ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    /** Whether to draw: "always", "never", or "auto" (only on a terminal, so piped output stays plain). */
    static boolean wanted(String mode) {
        return switch (mode) {
            case "always" -> true;
            case "never" -> false;
            default -> System.console() != null && System.console().isTerminal();
        };
    }

    @Override
    public void accept(Progress p) {
        int filled = (int) Math.round(p.fraction() * WIDTH);
        String line = String.format("%s [%s%s] %3d%%  %,d/%,d schedules · %,.0f/s · %d failure%s · %s left",
                label, "#".repeat(filled), "-".repeat(WIDTH - filled), (int) Math.round(p.fraction() * 100),
                p.iterations(), p.maxIterations(), p.schedulesPerSecond(), p.failures(),
                p.failures() == 1 ? "" : "s", seconds(p.timeLeft().toMillis()));
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        lastLength = line.length();
        out.flush();
    }

    /** Clears the line. */
    void done() {
        out.print("\r" + " ".repeat(lastLength) + "\r");
        out.flush();
    }

    private static String seconds(long millis) {
        return millis >= 10_000 ? millis / 1000 + " s" : String.format("%.1f s", millis / 1000.0);
    }
}
