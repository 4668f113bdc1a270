package dev.lockstep.explore.internal;

import java.time.Duration;

/** The settings of one exploration, as the public builder collected them. */
public record Options(Chooser.Factory strategy, String strategyName, int iterations, long seed, int maxSteps,
        Duration timeLimit) {

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
