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
     * ratios (Lockstep / java.util.concurrent), and the ratios' lower and upper quartiles. For a lock, also each
     * side's median operations per change of owner, and microseconds per change of owner: the rate is their quotient,
     * so these say whether a side loses by paying more per hand-off or by handing off more often (NaN for a
     * semaphore, which has no single owner).
     */
    public record Result(String what, String config, double ours, double theirs, double ratio, double lowQuartile,
            double highQuartile, Handoffs oursHandoffs, Handoffs theirsHandoffs) {

        /** The line a measuring JVM prints for its parent. */
        String line() {
            return String.join("\t", PREFIX, what, config, Double.toString(ours), Double.toString(theirs),
                    Double.toString(ratio), Double.toString(lowQuartile), Double.toString(highQuartile),
                    Double.toString(oursHandoffs.opsPerChange()), Double.toString(oursHandoffs.microsPerChange()),
                    Double.toString(theirsHandoffs.opsPerChange()), Double.toString(theirsHandoffs.microsPerChange()));
        }

        /** Whether the owner changes were counted (a lock pair). */
        boolean hasHandoffs() {
            return !Double.isNaN(oursHandoffs.opsPerChange());
        }

        /** Whether this is the diagnostic row, on a single carrier: no target, the lock's own cost. */
        boolean oneCarrier() {
            return isOneCarrier(config);
        }

        static Result parse(String line) {
            String[] f = line.split("\t");
            return new Result(f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    new Handoffs(Double.parseDouble(f[8]), Double.parseDouble(f[9])),
                    new Handoffs(Double.parseDouble(f[10]), Double.parseDouble(f[11])));
        }
    }

    /** Medians over the rounds of one side's operations per change of lock owner and microseconds per change. */
    public record Handoffs(double opsPerChange, double microsPerChange) {
        static final Handoffs NOT_COUNTED = new Handoffs(Double.NaN, Double.NaN);
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

    /**
     * A pair to measure. {@code owners}, for a lock pair, counts changes of owner: the bodies call {@link
     * Owners#enter()} inside the critical section (both sides alike, so the ratio is unchanged); null otherwise.
     */
    private record Contender(String what, Workers.Body ours, Workers.Body theirs, Owners owners) {}

    /** Counts changes of lock owner; used only inside the critical section of the side that runs. */
    private static final class Owners {
        private Thread last;
        private long changes;

        void enter() {
            Thread me = Thread.currentThread();
            if (me != last) {
                last = me;
                changes++;
            }
        }
    }

    /** Measures every pair in every configuration: {@code rounds} rounds of {@code sliceMillis} per side. */
    public static List<Result> all(int rounds, long sliceMillis) throws InterruptedException {
        Mutex mutex = new Mutex("paired");
        ReentrantLock fairLock = new ReentrantLock(true);
        Semaphore semaphore = new Semaphore("paired", 4);
        java.util.concurrent.Semaphore fairSemaphore = new java.util.concurrent.Semaphore(4, true);
        Owners owners = new Owners(); // guarded by the lock of the side that runs
        List<Contender> contenders = List.of(
                new Contender("Mutex vs ReentrantLock(fair)", (i, n) -> {
                    for (int k = 0; k < n; k++) {
                        mutex.lock();
                        owners.enter();
                        mutex.unlock();
                    }
                }, (i, n) -> {
                    for (int k = 0; k < n; k++) {
                        fairLock.lock();
                        owners.enter();
                        fairLock.unlock();
                    }
                }, owners),
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
                }, null));
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
        Side ours = new Side(rounds, c.owners());
        Side theirs = new Side(rounds, c.owners());
        ours.slice(builder, threads, c.ours(), sliceNanos, -1); // warm-up, one slice a side
        theirs.slice(builder, threads, c.theirs(), sliceNanos, -1);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // Alternate who goes first, so that neither side always follows the other's wake-ups.
            if (r % 2 == 0) {
                ours.slice(builder, threads, c.ours(), sliceNanos, r);
                theirs.slice(builder, threads, c.theirs(), sliceNanos, r);
            } else {
                theirs.slice(builder, threads, c.theirs(), sliceNanos, r);
                ours.slice(builder, threads, c.ours(), sliceNanos, r);
            }
            ratios[r] = ours.rates[r] / theirs.rates[r];
        }
        return new Result(c.what(), config, Stats.median(ours.rates), Stats.median(theirs.rates),
                Stats.median(ratios), Stats.quantile(ratios, 0.25), Stats.quantile(ratios, 0.75), ours.handoffs(),
                theirs.handoffs());
    }

    /** One side's measurements, round by round. */
    private static final class Side {
        final double[] rates;
        final double[] opsPerChange;
        final double[] microsPerChange;
        final Owners owners;

        Side(int rounds, Owners owners) {
            this.rates = new double[rounds];
            this.opsPerChange = new double[rounds];
            this.microsPerChange = new double[rounds];
            this.owners = owners;
        }

        /**
         * Runs whole invocations of {@link Base#OPS} operations for at least one slice and records round {@code r}
         * (none if negative): operations per second and, for a lock, what a change of owner cost.
         */
        void slice(Thread.Builder builder, int threads, Workers.Body body, long sliceNanos, int r)
                throws InterruptedException {
            long changesBefore = owners == null ? 0 : owners.changes;
            long start = System.nanoTime();
            long ops = 0;
            long elapsed;
            do {
                Workers.run(builder, threads, Base.OPS, body);
                ops += Base.OPS / threads * threads;
                elapsed = System.nanoTime() - start;
            } while (elapsed < sliceNanos);
            if (r < 0) {
                return;
            }
            rates[r] = ops / (elapsed / 1e9);
            if (owners != null) {
                long changes = Math.max(1, owners.changes - changesBefore);
                opsPerChange[r] = (double) ops / changes;
                microsPerChange[r] = elapsed / 1e3 / changes;
            }
        }

        Handoffs handoffs() {
            return owners == null ? Handoffs.NOT_COUNTED
                    : new Handoffs(Stats.median(opsPerChange), Stats.median(microsPerChange));
        }
    }
}
