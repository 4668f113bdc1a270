package dev.lockstep.explore;

import java.time.Duration;

/**
 * Where an exploration stands, as {@link Explorer.Builder#onProgress} reports it about ten times a second.
 *
 * @param iterations schedules run so far
 * @param maxIterations the most it will run
 * @param failures failures found so far (0 or 1: exploration stops at the first)
 * @param elapsed time spent so far
 * @param timeLimit the time it may take
 */
public record Progress(int iterations, int maxIterations, int failures, Duration elapsed, Duration timeLimit) {

    /** Schedules per second so far. */
    public double schedulesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : iterations / seconds;
    }

    /** An estimate of the time left: whichever ends first, the iterations or the time limit. */
    public Duration timeLeft() {
        Duration byLimit = timeLimit.minus(elapsed);
        double rate = schedulesPerSecond();
        if (rate <= 0) {
            return byLimit.isNegative() ? Duration.ZERO : byLimit;
        }
        Duration byCount = Duration.ofNanos((long) ((maxIterations - iterations) / rate * 1e9));
        Duration left = byCount.compareTo(byLimit) < 0 ? byCount : byLimit;
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The fraction done, from 0 to 1. */
    public double fraction() {
        double byCount = maxIterations <= 0 ? 1 : (double) iterations / maxIterations;
        double byTime = timeLimit.isZero() ? 1 : (double) elapsed.toNanos() / timeLimit.toNanos();
        return Math.min(1.0, Math.max(byCount, byTime));
    }
}
