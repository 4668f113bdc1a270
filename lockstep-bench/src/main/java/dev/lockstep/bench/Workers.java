package dev.lockstep.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a share of a fixed number of operations on each of T threads, platform or virtual, and waits for them: the
 * same benchmark then measures 1, 2 and 1,000 threads of either kind. A configuration is written "virtual-1000".
 */
public final class Workers {
    private Workers() {}

    /** The work of one thread: {@code ops} operations; {@code index} tells the threads apart. */
    @FunctionalInterface
    public interface Body {
        void run(int index, int ops) throws Exception;
    }

    /** The number of threads of a configuration. */
    public static int count(String config) {
        return Integer.parseInt(config.substring(config.indexOf('-') + 1));
    }

    /** Whether a configuration uses virtual threads. */
    public static boolean virtual(String config) {
        return config.startsWith("virtual");
    }

    /** Splits {@code totalOps} over the threads of {@code config}, runs them and joins them. */
    public static void run(String config, int totalOps, Body body) throws InterruptedException {
        run(virtual(config) ? Thread.ofVirtual() : Thread.ofPlatform(), count(config), totalOps, body);
    }

    /** Splits {@code totalOps} over {@code n} threads from {@code builder}, runs them and joins them. */
    public static void run(Thread.Builder builder, int n, int totalOps, Body body) throws InterruptedException {
        int each = totalOps / n;
        List<Thread> threads = new ArrayList<>(n);
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < n; i++) {
            int index = i;
            threads.add(builder.start(() -> {
                try {
                    body.run(index, each);
                } catch (Throwable e) {
                    failure[0] = e;
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("a benchmark thread failed", failure[0]);
        }
    }
}
