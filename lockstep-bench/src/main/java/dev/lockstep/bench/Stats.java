package dev.lockstep.bench;

import java.util.Arrays;

/** Medians: the benchmarks report them, being robust to the outliers of a shared, noisy machine. */
public final class Stats {
    private Stats() {}

    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
