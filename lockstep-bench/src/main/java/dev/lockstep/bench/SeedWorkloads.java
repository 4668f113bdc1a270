package dev.lockstep.bench;

import dev.lockstep.sync.Event;
import dev.lockstep.sync.Guard;
import dev.lockstep.sync.Mutex;
import dev.lockstep.sync.QueueShutdownException;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.sync.WorkQueue;
import dev.lockstep.task.Checkpoint;
import dev.lockstep.task.Loop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The seed workloads of {@code ../shared/bench/WORKLOADS.md}, with the same counts and checks as the CPython asyncio
 * baseline, in four variants: Lockstep's primitives on the JDK's default virtual-thread scheduler, the same on a
 * {@link Loop} (asyncio's single-carrier model), the {@code java.util.concurrent} equivalents on the default
 * scheduler, and kotlinx.coroutines on a single-threaded {@code runBlocking}. In the first three every task is a
 * virtual thread and the suspension point is {@code Thread.yield()} (asyncio's {@code sleep(0)}); in the last, a
 * coroutine and {@code yield()}.
 */
public final class SeedWorkloads {
    private SeedWorkloads() {}

    /** The workloads, by the baseline's names. */
    public static final List<String> NAMES = List.of("lock_counter", "semaphore_fanout", "queue_pipeline",
            "event_broadcast");

    /** The variants. */
    public enum Variant {
        LOCKSTEP("Lockstep, default scheduler"),
        LOCKSTEP_LOOP("Lockstep on a Loop"),
        /** Fair where j.u.c offers the choice (the lock, the semaphore): the FIFO guarantee Lockstep gives. */
        JUC("java.util.concurrent"),
        KOTLINX("kotlinx.coroutines runBlocking");

        public final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    /** Sizes: the baseline's, or smaller for a smoke test. */
    public record Sizes(int lockTasks, int lockIncrements, int fanoutRequests, int fanoutLimit, int queueItems,
            int queueProducers, int queueConsumers, int queueCapacity, int eventWaiters, int eventRounds) {
        public static final Sizes SEED = new Sizes(1000, 100, 100_000, 10, 200_000, 4, 4, 128, 10_000, 20);

        public static Sizes small() {
            return new Sizes(10, 10, 1000, 10, 2000, 4, 4, 128, 100, 3);
        }
    }

    /** Runs workload {@code name} once in {@code variant} and returns its operation count (after its check). */
    public static long run(String name, Variant variant, Sizes sizes) throws Exception {
        if (variant == Variant.LOCKSTEP_LOOP) {
            return Loop.run(() -> body(name, Variant.LOCKSTEP, sizes));
        }
        if (variant == Variant.KOTLINX) {
            Sizes z = sizes;
            return dev.lockstep.bench.kotlinx.KotlinxWorkloads.run(name, z.lockTasks(), z.lockIncrements(),
                    z.fanoutRequests(), z.fanoutLimit(), z.queueItems(), z.queueProducers(), z.queueConsumers(),
                    z.queueCapacity(), z.eventWaiters(), z.eventRounds());
        }
        return body(name, variant, sizes);
    }

    private static long body(String name, Variant v, Sizes z) throws Exception {
        return switch (name) {
            case "lock_counter" -> v == Variant.JUC ? lockCounterJuc(z) : lockCounter(z);
            case "semaphore_fanout" -> v == Variant.JUC ? fanoutJuc(z) : fanout(z);
            case "queue_pipeline" -> v == Variant.JUC ? pipelineJuc(z) : pipeline(z);
            case "event_broadcast" -> v == Variant.JUC ? broadcastJuc(z) : broadcast(z);
            default -> throw new IllegalArgumentException("no workload " + name);
        };
    }

    interface Body {
        void run() throws Exception;
    }

    /** Starts {@code n} virtual threads running {@code body} and joins them. */
    private static void fanOut(int n, Body body) throws InterruptedException {
        List<Thread> ts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ts.add(Thread.ofVirtual().start(() -> {
                try {
                    body.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("workload check failed: " + what);
        }
    }

    // ---- lock_counter: 1000 tasks x 100 increments, each holding the lock across a suspension point -------------

    private static long lockCounter(Sizes z) throws InterruptedException {
        Mutex lock = new Mutex("counter");
        long[] counter = {0};
        fanOut(z.lockTasks(), () -> {
            for (int i = 0; i < z.lockIncrements(); i++) {
                try (Guard held = lock.acquire()) {
                    long t = counter[0];
                    Checkpoint.yieldNow();
                    counter[0] = t + 1;
                }
            }
        });
        long ops = (long) z.lockTasks() * z.lockIncrements();
        check(counter[0] == ops, "counter " + counter[0]);
        return ops;
    }

    private static long lockCounterJuc(Sizes z) throws InterruptedException {
        ReentrantLock lock = new ReentrantLock(true); // fair: the FIFO guarantee of Lockstep's Mutex
        long[] counter = {0};
        fanOut(z.lockTasks(), () -> {
            for (int i = 0; i < z.lockIncrements(); i++) {
                lock.lock();
                try {
                    long t = counter[0];
                    Thread.yield();
                    counter[0] = t + 1;
                } finally {
                    lock.unlock();
                }
            }
        });
        long ops = (long) z.lockTasks() * z.lockIncrements();
        check(counter[0] == ops, "counter " + counter[0]);
        return ops;
    }

    // ---- semaphore_fanout: 100,000 tasks through a semaphore of 10, each across a suspension point ---------------

    private static long fanout(Sizes z) throws InterruptedException {
        Semaphore sem = new Semaphore("api", z.fanoutLimit());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        fanOut(z.fanoutRequests(), () -> {
            try (Guard permit = sem.permit()) {
                peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                Checkpoint.yieldNow();
                inFlight.decrementAndGet();
            }
        });
        check(peak.get() == z.fanoutLimit(), "peak " + peak.get());
        return z.fanoutRequests();
    }

    private static long fanoutJuc(Sizes z) throws InterruptedException {
        java.util.concurrent.Semaphore sem = new java.util.concurrent.Semaphore(z.fanoutLimit(), true); // FIFO too
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        fanOut(z.fanoutRequests(), () -> {
            sem.acquire();
            try {
                peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                Thread.yield();
                inFlight.decrementAndGet();
            } finally {
                sem.release();
            }
        });
        check(peak.get() == z.fanoutLimit(), "peak " + peak.get());
        return z.fanoutRequests();
    }

    // ---- queue_pipeline: bounded queue of 128, 4 producers x 50,000 puts, 4 consumers, join ----------------------

    private static long pipeline(Sizes z) throws InterruptedException {
        WorkQueue<Integer> q = WorkQueue.fifo(z.queueCapacity());
        AtomicLong consumed = new AtomicLong();
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < z.queueConsumers(); c++) {
            consumers.add(Thread.ofVirtual().start(() -> {
                try {
                    for (;;) {
                        q.take();
                        consumed.incrementAndGet();
                        q.taskDone();
                    }
                } catch (QueueShutdownException | InterruptedException done) {
                    // drained
                }
            }));
        }
        int each = z.queueItems() / z.queueProducers();
        fanOut(z.queueProducers(), () -> {
            for (int i = 0; i < each; i++) {
                q.put(i);
            }
        });
        q.join();
        q.shutdown();
        for (Thread t : consumers) {
            t.join();
        }
        check(consumed.get() == z.queueItems(), "consumed " + consumed.get());
        return z.queueItems();
    }

    private static long pipelineJuc(Sizes z) throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(z.queueCapacity());
        CountDownLatch done = new CountDownLatch(z.queueItems()); // j.u.c's stand-in for task_done/join
        AtomicLong consumed = new AtomicLong();
        Integer stop = -1;
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < z.queueConsumers(); c++) {
            consumers.add(Thread.ofVirtual().start(() -> {
                try {
                    for (Integer item = q.take(); item != stop; item = q.take()) {
                        consumed.incrementAndGet();
                        done.countDown();
                    }
                } catch (InterruptedException e) {
                    // not in a benchmark
                }
            }));
        }
        int each = z.queueItems() / z.queueProducers();
        fanOut(z.queueProducers(), () -> {
            for (int i = 0; i < each; i++) {
                q.put(i);
            }
        });
        done.await();
        for (int c = 0; c < z.queueConsumers(); c++) {
            q.put(stop);
        }
        for (Thread t : consumers) {
            t.join();
        }
        check(consumed.get() == z.queueItems(), "consumed " + consumed.get());
        return z.queueItems();
    }

    // ---- event_broadcast: 20 rounds of 10,000 tasks waiting on an event, then set -----------------------------

    private static long broadcast(Sizes z) throws InterruptedException {
        AtomicLong woke = new AtomicLong();
        for (int r = 0; r < z.eventRounds(); r++) {
            Event e = new Event("round");
            List<Thread> ts = new ArrayList<>(z.eventWaiters());
            for (int i = 0; i < z.eventWaiters(); i++) {
                ts.add(Thread.ofVirtual().start(() -> {
                    try {
                        e.await();
                        woke.incrementAndGet();
                    } catch (InterruptedException ignored) {
                        // not in a benchmark
                    }
                }));
            }
            Checkpoint.yieldNow();
            e.set();
            for (Thread t : ts) {
                t.join();
            }
        }
        long ops = (long) z.eventWaiters() * z.eventRounds();
        check(woke.get() == ops, "woke " + woke.get());
        return ops;
    }

    private static long broadcastJuc(Sizes z) throws InterruptedException {
        AtomicLong woke = new AtomicLong();
        for (int r = 0; r < z.eventRounds(); r++) {
            CountDownLatch e = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>(z.eventWaiters());
            for (int i = 0; i < z.eventWaiters(); i++) {
                ts.add(Thread.ofVirtual().start(() -> {
                    try {
                        e.await();
                        woke.incrementAndGet();
                    } catch (InterruptedException ignored) {
                        // not in a benchmark
                    }
                }));
            }
            Thread.yield();
            e.countDown();
            for (Thread t : ts) {
                t.join();
            }
        }
        long ops = (long) z.eventWaiters() * z.eventRounds();
        check(woke.get() == ops, "woke " + woke.get());
        return ops;
    }

    /**
     * What one JVM measured: per workload (in {@link #NAMES} order) and variant (in {@link Variant} order), the median
     * operations per second and the median bytes allocated per operation (by every thread of the JVM, carriers
     * included, so a virtual thread's allocations count).
     */
    public record Run(double[][] ops, double[][] bytes) {
        static Run empty() {
            double[][] ops = new double[NAMES.size()][Variant.values().length];
            double[][] bytes = new double[NAMES.size()][Variant.values().length];
            for (int w = 0; w < NAMES.size(); w++) {
                java.util.Arrays.fill(ops[w], Double.NaN);
                java.util.Arrays.fill(bytes[w], Double.NaN);
            }
            return new Run(ops, bytes);
        }
    }

    /** Runs every workload in every variant {@code runs} times after {@code warmups}: medians of rate and bytes. */
    public static Run medians(Sizes sizes, int warmups, int runs) throws Exception {
        Run out = Run.empty();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        for (int w = 0; w < NAMES.size(); w++) {
            for (Variant v : Variant.values()) {
                for (int i = 0; i < warmups; i++) {
                    run(NAMES.get(w), v, sizes);
                }
                double[] rates = new double[runs];
                double[] bytes = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long allocated = threads.getTotalThreadAllocatedBytes();
                    long start = System.nanoTime();
                    long ops = run(NAMES.get(w), v, sizes);
                    rates[i] = ops / ((System.nanoTime() - start) / 1e9);
                    bytes[i] = (double) (threads.getTotalThreadAllocatedBytes() - allocated) / ops;
                }
                out.ops()[w][v.ordinal()] = Stats.median(rates);
                out.bytes()[w][v.ordinal()] = Stats.median(bytes);
            }
        }
        return out;
    }

    /** What a measuring JVM prints before each result line. */
    static final String PREFIX = "seed-run";

    /** The tuned heap's flags: fixed, touched at start-up, on transparent huge pages. */
    public static final List<String> TUNED_HEAP = List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch",
            "-XX:+UseTransparentHugePages");

    /** Measures in this JVM: {@code <warmups> <runs> [small]}; prints a line per workload and variant. */
    public static void main(String[] args) throws Exception {
        Sizes sizes = args.length > 2 && args[2].equals("small") ? Sizes.small() : Sizes.SEED;
        Run r = medians(sizes, Integer.parseInt(args[0]), Integer.parseInt(args[1]));
        for (int w = 0; w < NAMES.size(); w++) {
            for (Variant v : Variant.values()) {
                System.out.println(String.join("\t", PREFIX, NAMES.get(w), v.name(),
                        Double.toString(r.ops()[w][v.ordinal()]), Double.toString(r.bytes()[w][v.ordinal()])));
            }
        }
    }

    /**
     * Measures every workload in a JVM of its own started with {@code flags} (none: the JVM's defaults, as users run
     * it), so that each heap setting starts as fresh as the other.
     */
    public static Run inFreshJvm(List<String> flags, int warmups, int runs, boolean small)
            throws java.io.IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        command.addAll(flags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SeedWorkloads.class.getName(),
                Integer.toString(warmups), Integer.toString(runs), small ? "small" : "seed"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Run out = Run.empty();
        int lines = 0;
        try (java.io.BufferedReader in = p.inputReader()) {
            for (String line; (line = in.readLine()) != null; ) {
                System.out.println(line);
                String[] f = line.split("\t");
                if (f[0].equals(PREFIX) && f.length == 5) {
                    int w = NAMES.indexOf(f[1]);
                    int v = Variant.valueOf(f[2]).ordinal();
                    out.ops()[w][v] = Double.parseDouble(f[3]);
                    out.bytes()[w][v] = Double.parseDouble(f[4]);
                    lines++;
                }
            }
        }
        int status = p.waitFor();
        if (status != 0 || lines != NAMES.size() * Variant.values().length) {
            throw new IllegalStateException("the seed workloads exited with " + status + " after " + lines
                    + " results: " + command);
        }
        return out;
    }
}
