package dev.lockstep.bench;

import dev.lockstep.internal.VThreads;
import dev.lockstep.sync.Mutex;
import dev.lockstep.sync.Semaphore;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Fork;

/**
 * The contended rows again, with Lockstep and the fair java.util.concurrent class measured in the same JVM, in turns.
 *
 * <p>Under contention every FIFO hand-off is a wake-up, and on this 2-carrier machine the cost of a virtual thread's
 * wake-up swings tenfold within one JVM and differs between JVM launches: the same fair ReentrantLock ran 0.55 to 15
 * million operations per second at 1,000 virtual threads in consecutive 0.3 s rounds. JMH runs each side in JVMs of
 * its own, minutes apart, so a ratio of two JMH rows can compare two different modes of the scheduler. Here each round
 * measures both sides for one short slice each, back to back, in alternating order, and the figure is the median of
 * the per-round ratios. The one-carrier row runs the virtual threads on a ForkJoinPool of one carrier: the primitive's
 * own cost per hand-off, without carriers handing the threads back and forth.
 *
 * <pre>{@code
 * List<PairedBench.Result> rows = PairedBench.inFreshJvm(11, 200); // 11 rounds of 0.2 s a side
 * }</pre>
 */
public final class PairedBench {
    private PairedBench() {}

    /**
     * One pair in one thread configuration: median operations per second of each side, the median of the per-round
     * ratios (Lockstep / java.util.concurrent), and the ratios' lower and upper quartiles.
     */
    public record Result(String what, String config, double ours, double theirs, double ratio, double lowQuartile,
            double highQuartile) {

        /** The line a measuring JVM prints for its parent. */
        String line() {
            return String.join("\t", PREFIX, what, config, Double.toString(ours), Double.toString(theirs),
                    Double.toString(ratio), Double.toString(lowQuartile), Double.toString(highQuartile));
        }

        /** Whether this is the diagnostic row, on a single carrier: no target, the lock's own cost. */
        boolean oneCarrier() {
            return isOneCarrier(config);
        }

        static Result parse(String line) {
            String[] f = line.split("\t");
            return new Result(f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]));
        }
    }

    private static final String PREFIX = "paired";

    /** Measures in this JVM and prints one line per result: {@code <rounds> <slice in ms>}. */
    public static void main(String[] args) throws InterruptedException {
        all(Integer.parseInt(args[0]), Long.parseLong(args[1]));
    }

    /**
     * Measures in a JVM of its own, started with the same flags as the JMH forks (Base's {@code @Fork}). Run in the
     * report's JVM, after the seed workloads had run Lockstep's wait paths there (on Loops too), every Lockstep side
     * came out about 10% lower, rows where both sides do the same work included (the Semaphore rows, the one-carrier
     * row): a history of that JVM which the JMH forks do not have.
     */
    public static List<Result> inFreshJvm(int rounds, long sliceMillis) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(Base.class.getAnnotation(Fork.class).jvmArgsAppend()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PairedBench.class.getName(),
                Integer.toString(rounds), Long.toString(sliceMillis)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Result> results = new ArrayList<>();
        try (BufferedReader out = p.inputReader()) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line);
                if (line.startsWith(PREFIX + "\t")) {
                    results.add(Result.parse(line));
                }
            }
        }
        int status = p.waitFor();
        if (status != 0 || results.size() != 2 * CONFIGS.size()) {
            throw new IllegalStateException("the paired measurement exited with " + status + " after "
                    + results.size() + " of " + 2 * CONFIGS.size() + " results: " + command);
        }
        return results;
    }

    private static final String ONE_CARRIER = ", one carrier";

    /** The configurations: the contended rows of the JMH tables, and 1,000 virtual threads on one carrier. */
    static final List<String> CONFIGS = List.of("platform-2", "platform-8", "virtual-2", "virtual-1000",
            "virtual-1000" + ONE_CARRIER);

    private static boolean isOneCarrier(String config) {
        return config.endsWith(ONE_CARRIER);
    }

    private record Contender(String what, Workers.Body ours, Workers.Body theirs) {}

    /** Measures every pair in every configuration: {@code rounds} rounds of {@code sliceMillis} per side. */
    public static List<Result> all(int rounds, long sliceMillis) throws InterruptedException {
        Mutex mutex = new Mutex("paired");
        ReentrantLock fairLock = new ReentrantLock(true);
        Semaphore semaphore = new Semaphore("paired", 4);
        java.util.concurrent.Semaphore fairSemaphore = new java.util.concurrent.Semaphore(4, true);
        long[] counter = new long[1]; // guarded by the lock of the side that runs
        List<Contender> contenders = List.of(
                new Contender("Mutex vs ReentrantLock(fair)", (i, n) -> {
                    for (int k = 0; k < n; k++) {
                        mutex.lock();
                        counter[0]++;
                        mutex.unlock();
                    }
                }, (i, n) -> {
                    for (int k = 0; k < n; k++) {
                        fairLock.lock();
                        counter[0]++;
                        fairLock.unlock();
                    }
                }),
                new Contender("Semaphore vs Semaphore(fair)", (i, n) -> {
                    for (int k = 0; k < n; k++) {
                        semaphore.acquire();
                        semaphore.release();
                    }
                }, (i, n) -> {
                    for (int k = 0; k < n; k++) {
                        fairSemaphore.acquire();
                        fairSemaphore.release();
                    }
                }));
        List<Result> results = new ArrayList<>();
        try (ForkJoinPool oneCarrier = new ForkJoinPool(1, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null,
                true)) {
            for (Contender c : contenders) {
                for (String config : CONFIGS) {
                    boolean single = isOneCarrier(config);
                    Thread.Builder builder = single ? VThreads.builder(oneCarrier)
                            : Workers.virtual(config) ? Thread.ofVirtual() : Thread.ofPlatform();
                    int threads = Workers.count(single ? config.substring(0, config.length() - ONE_CARRIER.length())
                            : config);
                    results.add(measure(c, config, builder, threads, rounds, sliceMillis * 1_000_000));
                    System.out.println(results.getLast().line());
                }
            }
        }
        return results;
    }

    private static Result measure(Contender c, String config, Thread.Builder builder, int threads, int rounds,
            long sliceNanos) throws InterruptedException {
        rate(builder, threads, c.ours(), sliceNanos); // warm-up, one slice a side
        rate(builder, threads, c.theirs(), sliceNanos);
        double[] ours = new double[rounds];
        double[] theirs = new double[rounds];
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // Alternate who goes first, so that neither side always follows the other's wake-ups.
            if (r % 2 == 0) {
                ours[r] = rate(builder, threads, c.ours(), sliceNanos);
                theirs[r] = rate(builder, threads, c.theirs(), sliceNanos);
            } else {
                theirs[r] = rate(builder, threads, c.theirs(), sliceNanos);
                ours[r] = rate(builder, threads, c.ours(), sliceNanos);
            }
            ratios[r] = ours[r] / theirs[r];
        }
        return new Result(c.what(), config, Stats.median(ours), Stats.median(theirs), Stats.median(ratios),
                Stats.quantile(ratios, 0.25), Stats.quantile(ratios, 0.75));
    }

    /** Operations per second over whole invocations of {@link Base#OPS} operations, for at least one slice. */
    private static double rate(Thread.Builder builder, int threads, Workers.Body body, long sliceNanos)
            throws InterruptedException {
        long start = System.nanoTime();
        long ops = 0;
        long elapsed;
        do {
            Workers.run(builder, threads, Base.OPS, body);
            ops += Base.OPS / threads * threads;
            elapsed = System.nanoTime() - start;
        } while (elapsed < sliceNanos);
        return ops / (elapsed / 1e9);
    }
}
