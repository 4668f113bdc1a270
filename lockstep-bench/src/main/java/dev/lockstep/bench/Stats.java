package dev.lockstep.bench;

import java.util.Arrays;

/** Medians: the benchmarks report them, being robust to the outliers of a shared, noisy machine. */
public final class Stats {
    private Stats() {}

    public static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** The {@code q}-quantile (0 to 1), interpolated between the two nearest values; the median is q = 0.5. */
    public static double quantile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        double at = q * (v.length - 1);
        int below = (int) Math.floor(at);
        int above = Math.min(below + 1, v.length - 1);
        return v[below] + (at - below) * (v[above] - v[below]);
    }
}
