package dev.lockstep.boot;

import java.util.function.ToLongFunction;

/**
 * The clock the JDK's own timed waits read once the Lockstep agent has patched them: defined by the agent in {@code
 * java.lang}, as {@code java.lang.LockstepTime}, because code inside {@code java.base} can only call classes the boot
 * loader sees. Until an explorer installs {@link #clock}, it is {@link System#nanoTime()}; then, for a thread the
 * explorer runs, it is that run's virtual time, so that a timed wait's own arithmetic ({@code deadline - nanoTime()})
 * agrees with the virtual timer that wakes it.
 */
public final class Time {
    private Time() {}

    /**
     * The virtual time of a thread the explorer runs, in nanoseconds, or {@link Long#MIN_VALUE} for any other thread;
     * installed once by the first explorer of the JVM, never removed.
     */
    public static volatile ToLongFunction<Thread> clock;

    /** Milliseconds since the epoch at virtual time 0: a fixed instant, so that a replay reads the same times. */
    public static final long VIRTUAL_EPOCH_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    /** In place of {@link System#nanoTime()}. */
    public static long nanoTime() {
        ToLongFunction<Thread> c = clock;
        if (c == null) {
            return System.nanoTime();
        }
        long virtual = c.applyAsLong(Thread.currentThread());
        return virtual == Long.MIN_VALUE ? System.nanoTime() : virtual;
    }

    /** In place of {@link System#currentTimeMillis()}. */
    public static long currentTimeMillis() {
        ToLongFunction<Thread> c = clock;
        if (c == null) {
            return System.currentTimeMillis();
        }
        long virtual = c.applyAsLong(Thread.currentThread());
        return virtual == Long.MIN_VALUE ? System.currentTimeMillis() : VIRTUAL_EPOCH_MILLIS + virtual / 1_000_000;
    }
}
