package dev.lockstep.explore.internal;

import java.time.Duration;

/** The settings of one exploration, as the public builder collected them. */
public record Options(Chooser.Factory strategy, String strategyName, int iterations, long seed, int maxSteps,
        Duration timeLimit, java.util.function.Consumer<dev.lockstep.explore.Progress> onProgress) {

    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

    /** Tells the listener, if any, where the exploration stands; at most every 100 ms unless {@code last}. */
    long progress(long lastNanos, long startNanos, int done, int failures, boolean last) {
        if (onProgress == null) {
            return lastNanos;
        }
        long now = System.nanoTime();
        if (!last && now - lastNanos < PROGRESS_EVERY_NANOS) {
            return lastNanos;
        }
        onProgress.accept(new dev.lockstep.explore.Progress(done, iterations, failures,
                Duration.ofNanos(now - startNanos), timeLimit));
        return now;
    }

    /** The wall-clock deadline of an exploration that starts at {@code startNanos}. */
    long deadline(long startNanos) {
        long limit;
        try {
            limit = timeLimit.toNanos();
        } catch (ArithmeticException overflow) {
            limit = Long.MAX_VALUE / 2;
        }
        return startNanos + Math.min(limit, Long.MAX_VALUE / 2);
    }
}
