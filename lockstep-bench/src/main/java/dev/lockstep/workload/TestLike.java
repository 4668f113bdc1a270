package dev.lockstep.workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a typical concurrent unit test does, for the cost of the race detector on a plain run: a pool of four
 * threads runs 256 jobs, each building and sorting a small list of objects, adding to a shared map and, under a
 * monitor, to a shared total; the test then checks the results. Race-free; instrumented under the agent.
 */
public final class TestLike {
    private TestLike() {}

    /** One order line of a job. */
    static final class Line {
        final String sku;
        int quantity;
        long cents;

        Line(String sku, int quantity, long cents) {
            this.sku = sku;
            this.quantity = quantity;
            this.cents = cents;
        }
    }

    private static final class Totals {
        long cents;
        int lines;
    }

    /** Runs the test once; returns the number of lines handled (checked). */
    public static long run() throws Exception {
        Map<String, Integer> stock = new ConcurrentHashMap<>();
        Totals totals = new Totals();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> jobs = new ArrayList<>();
            for (int j = 0; j < 256; j++) {
                int job = j;
                jobs.add(pool.submit(() -> {
                    List<Line> lines = new ArrayList<>();
                    for (int k = 0; k < 32; k++) {
                        lines.add(new Line("sku-" + ((job * 31 + k) % 50), 1 + k % 5, 100L * (k + 1)));
                    }
                    lines.sort(Comparator.comparingLong(l -> -l.cents));
                    long sum = 0;
                    for (Line l : lines) {
                        sum += l.cents * l.quantity;
                        stock.merge(l.sku, l.quantity, Integer::sum);
                    }
                    synchronized (totals) {
                        totals.cents += sum;
                        totals.lines += lines.size();
                    }
                    return sum;
                }));
            }
            long sum = 0;
            for (Future<Long> f : jobs) {
                sum += f.get();
            }
            synchronized (totals) {
                if (totals.cents != sum || totals.lines != 256 * 32) {
                    throw new IllegalStateException("totals " + totals.cents + " against " + sum);
                }
            }
            return totals.lines;
        } finally {
            pool.shutdown();
        }
    }
}
