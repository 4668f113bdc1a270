package dev.lockstep.bench;

import dev.lockstep.internal.VThreads;
import dev.lockstep.sync.Mutex;
import dev.lockstep.sync.Semaphore;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
    public record Result(String what, String config, boolean allRunning, double ours, double theirs, double ratio,
            double lowQuartile, double highQuartile, Handoffs oursHandoffs, Handoffs theirsHandoffs) {

        /** The line a measuring JVM prints for its parent. */
        String line() {
            return String.join("\t", PREFIX, what, config, Boolean.toString(allRunning), Double.toString(ours),
                    Double.toString(theirs),
                    Double.toString(ratio), Double.toString(lowQuartile), Double.toString(highQuartile),
                    oursHandoffs.fields(), theirsHandoffs.fields());
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
            return new Result(f[1], f[2], Boolean.parseBoolean(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    Double.parseDouble(f[8]), Handoffs.parse(f, 9), Handoffs.parse(f, 12));
        }
    }

    /**
     * Medians over the rounds of one side's operations per change of lock owner, microseconds per change, and the
     * share of the time during which every thread of an invocation was running: the last had started and none had
     * finished its share of the operations (NaN where the threads run until stopped, and all run all the time).
     */
    public record Handoffs(double opsPerChange, double microsPerChange, double allThreadsShare) {
        static final Handoffs NOT_COUNTED = new Handoffs(Double.NaN, Double.NaN, Double.NaN);

        String fields() {
            return opsPerChange + "\t" + microsPerChange + "\t" + allThreadsShare;
        }

        static Handoffs parse(String[] f, int from) {
            return new Handoffs(Double.parseDouble(f[from]), Double.parseDouble(f[from + 1]),
                    Double.parseDouble(f[from + 2]));
        }
    }

    static final String PREFIX = "paired";

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
        if (status != 0 || results.size() != RESULTS) {
            throw new IllegalStateException("the paired measurement exited with " + status + " after "
                    + results.size() + " of " + RESULTS + " results: " + command);
        }
        return results;
    }

    private static final String ONE_CARRIER = ", one carrier";

    /** The configurations: the contended rows of the JMH tables, and 1,000 virtual threads on one carrier. */
    static final List<String> CONFIGS = List.of("platform-2", "platform-8", "virtual-2", "virtual-1000",
            "virtual-1000" + ONE_CARRIER);

    /**
     * The lock configurations measured again with every thread running for the whole slice (platform threads, whose
     * start-up takes long enough to matter): see {@link #measure}.
     */
    static final List<String> ALL_RUNNING_CONFIGS = List.of("platform-2", "platform-8");

    /** Rows of {@link #all}: each pair in every configuration, and the lock pair again with all threads running. */
    static final int RESULTS = 2 * CONFIGS.size() + ALL_RUNNING_CONFIGS.size();

    private static boolean isOneCarrier(String config) {
        return config.endsWith(ONE_CARRIER);
    }

    /**
     * A pair to measure. {@code owners}, for a lock pair, counts changes of owner: the bodies call {@link
     * Owners#enter()} inside the critical section (both sides alike, so the ratio is unchanged); null otherwise.
     */
    private record Contender(String what, Workers.Body ours, Workers.Body theirs, Owners owners) {}

    /**
     * Counts operations and changes of lock owner. Written only inside the critical section of the side that runs;
     * read by the measuring thread while it runs, hence opaque (untorn, and no fence inside the critical section).
     */
    private static final class Owners {
        private Thread last;
        private final AtomicLong ops = new AtomicLong();
        private final AtomicLong changes = new AtomicLong();

        void enter() {
            Thread me = Thread.currentThread();
            ops.setOpaque(ops.getPlain() + 1);
            if (me != last) {
                last = me;
                changes.setOpaque(changes.getPlain() + 1);
            }
        }

        long ops() {
            return ops.getOpaque();
        }

        long changes() {
            return changes.getOpaque();
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
                    results.add(measure(c, config, false, builder, threads, rounds, sliceMillis * 1_000_000));
                    System.out.println(results.getLast().line());
                }
            }
        }
        Contender locks = contenders.getFirst();
        for (String config : ALL_RUNNING_CONFIGS) {
            results.add(measure(locks, config, true, Thread.ofPlatform(), Workers.count(config), rounds,
                    sliceMillis * 1_000_000));
            System.out.println(results.getLast().line());
        }
        return results;
    }

    /**
     * Measures one pair in one configuration. Normally a slice is whole invocations of {@link Base#OPS} operations
     * shared out over the threads, as in the JMH benchmarks, which includes the invocation's start, while threads are
     * still being started, and its end, while the first to finish have gone: fewer threads contend then. With {@code
     * allRunning} the threads instead run until told to stop, and the slice counts only operations done while every
     * one of them runs.
     */
    private static Result measure(Contender c, String config, boolean allRunning, Thread.Builder builder, int threads,
            int rounds, long sliceNanos) throws InterruptedException {
        Side ours = new Side(rounds, c.owners(), allRunning);
        Side theirs = new Side(rounds, c.owners(), allRunning);
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
        return new Result(c.what(), config, allRunning, Stats.median(ours.rates), Stats.median(theirs.rates),
                Stats.median(ratios), Stats.quantile(ratios, 0.25), Stats.quantile(ratios, 0.75), ours.handoffs(),
                theirs.handoffs());
    }

    /** One side's measurements, round by round. */
    private static final class Side {
        final double[] rates;
        final double[] opsPerChange;
        final double[] microsPerChange;
        final double[] allThreadsShare;
        final Owners owners;
        final boolean allRunning;

        Side(int rounds, Owners owners, boolean allRunning) {
            this.rates = new double[rounds];
            this.opsPerChange = new double[rounds];
            this.microsPerChange = new double[rounds];
            this.allThreadsShare = new double[rounds];
            this.owners = owners;
            this.allRunning = allRunning;
        }

        /**
         * Measures one slice and records it as round {@code r} (none if negative): operations per second and, for a
         * lock, what a change of owner cost.
         */
        void slice(Thread.Builder builder, int threads, Workers.Body body, long sliceNanos, int r)
                throws InterruptedException {
            Counted counted = allRunning ? whileAllRun(builder, threads, body, sliceNanos)
                    : wholeInvocations(builder, threads, body, sliceNanos);
            if (r < 0) {
                return;
            }
            rates[r] = counted.ops() / (counted.nanos() / 1e9);
            if (owners != null) {
                long changes = Math.max(1, counted.changes());
                opsPerChange[r] = (double) counted.ops() / changes;
                microsPerChange[r] = counted.nanos() / 1e3 / changes;
                allThreadsShare[r] = allRunning ? Double.NaN : (double) counted.allThreadsNanos() / counted.nanos();
            }
        }

        /**
         * What one slice counted: operations, changes of owner (0 unless a lock pair), its length, and how much of it
         * every thread was running.
         */
        private record Counted(long ops, long changes, long nanos, long allThreadsNanos) {}

        /** Whole invocations of {@link Base#OPS} operations for at least one slice. */
        private Counted wholeInvocations(Thread.Builder builder, int threads, Workers.Body body, long sliceNanos)
                throws InterruptedException {
            AtomicLong lastStarted = new AtomicLong();
            AtomicLong firstDone = new AtomicLong();
            Workers.Body timed = (index, n) -> {
                long started = System.nanoTime();
                lastStarted.accumulateAndGet(started, Math::max);
                body.run(index, n);
                long done = System.nanoTime();
                firstDone.accumulateAndGet(done, Math::min);
            };
            long changesBefore = owners == null ? 0 : owners.changes();
            long start = System.nanoTime();
            long ops = 0;
            long allRun = 0;
            long elapsed;
            do {
                lastStarted.set(Long.MIN_VALUE);
                firstDone.set(Long.MAX_VALUE);
                Workers.run(builder, threads, Base.OPS, timed);
                allRun += Math.max(0, firstDone.get() - lastStarted.get());
                ops += Base.OPS / threads * threads;
                elapsed = System.nanoTime() - start;
            } while (elapsed < sliceNanos);
            return new Counted(ops, owners == null ? 0 : owners.changes() - changesBefore, elapsed, allRun);
        }

        /**
         * Starts the threads, waits until each has done its first {@value #CHUNK} operations, counts for one slice,
         * then stops them; all of the slice has every thread running. Only for a lock pair, whose {@link Owners}
         * count the operations.
         */
        private Counted whileAllRun(Thread.Builder builder, int threads, Workers.Body body, long sliceNanos)
                throws InterruptedException {
            CountDownLatch running = new CountDownLatch(threads);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> started = new ArrayList<>(threads);
            for (int i = 0; i < threads; i++) {
                int index = i;
                started.add(builder.start(() -> {
                    try {
                        body.run(index, CHUNK);
                        running.countDown();
                        while (!stop.get()) {
                            body.run(index, CHUNK);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        running.countDown();
                    }
                }));
            }
            running.await();
            long ops = owners.ops();
            long changes = owners.changes();
            long start = System.nanoTime();
            // The measurement window (not a wait for an event); at least 20 ms, so a smoke run still counts some.
            Thread.sleep(Math.max(20, sliceNanos / 1_000_000));
            long elapsed = System.nanoTime() - start;
            Counted counted = new Counted(owners.ops() - ops, owners.changes() - changes, elapsed, elapsed);
            stop.set(true);
            for (Thread t : started) {
                t.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a benchmark thread failed", failure.get());
            }
            return counted;
        }

        /** Operations a thread does between looks at the stop flag. */
        private static final int CHUNK = 100;

        Handoffs handoffs() {
            return owners == null ? Handoffs.NOT_COUNTED
                    : new Handoffs(Stats.median(opsPerChange), Stats.median(microsPerChange),
                            allRunning ? Double.NaN : Stats.median(allThreadsShare));
        }
    }
}
