package dev.lockstep.internal;

import java.time.Duration;

/** Durations as the nanosecond counts that waits use. */
public final class Durations {
    private Durations() {}

    /**
     * {@code d} in nanoseconds, saturated: a duration too long for a {@code long} of nanoseconds (about 292 years) is
     * {@link Long#MAX_VALUE} (wait for ever), and one too negative is {@link Long#MIN_VALUE} (do not wait).
     */
    public static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
