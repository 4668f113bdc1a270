package dev.lockstep.bench;

import dev.lockstep.sync.Event;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.sync.WorkQueue;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Heap bytes per parked waiter: N virtual threads blocked on one primitive, measured as the live objects with the
 * waiters parked minus those before, divided by N. The figure includes each waiter's virtual thread and its stack, which
 * are the same for Lockstep and java.util.concurrent; the difference between the two is the primitive's own cost.
 *
 * <p>Live objects are counted with the class histogram ({@code jcmd GC.class_histogram}, which runs a full GC first),
 * not the heap's "used" figure: after a full GC G1 still counts partly filled regions and fillers, which moved the
 * figure by tens of bytes per waiter from one run to the next. The frames a parked virtual thread keeps depend on
 * whether the JIT had compiled the wait path when they parked, so a warm-up round of every case comes first, and the
 * figure is the median of {@code runs} rounds.
 */
public final class MemoryBench {
    private MemoryBench() {}

    /** One measurement. */
    public record Result(String what, int waiters, double bytesPerWaiter, double wakeAllMillis) {}

    interface Waits {
        void await() throws InterruptedException;
    }

    /** A primitive to wait on: a fresh one for every run, and how to wake {@code n} waiters on it. */
    interface Setup {
        Waits create(int n, Runnable[] release);
    }

    /** One row: {@code n} waiters on what {@code setup} creates. */
    record Case(String what, int n, Setup setup) {}

    /**
     * Measures every case {@code runs} times, in rounds that take each case in turn after one warm-up round, so that
     * the JIT's progress (and its occasional deoptimizations) fall on both sides alike; the median of each.
     */
    static List<Result> measure(List<Case> cases, int runs) throws InterruptedException {
        for (Case c : cases) {
            once(c.n(), c.setup()); // threads that parked before the JIT compiled the wait path keep bigger frames
        }
        double[][] bytes = new double[cases.size()][runs];
        double[][] wake = new double[cases.size()][runs];
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < cases.size(); k++) {
                double[] r = once(cases.get(k).n(), cases.get(k).setup());
                bytes[k][i] = r[0];
                wake[k][i] = r[1];
            }
        }
        List<Result> results = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            Case c = cases.get(k);
            results.add(new Result(c.what(), c.n(), Stats.median(bytes[k]), Stats.median(wake[k])));
        }
        return results;
    }

    /** Parks {@code n} virtual threads on a fresh primitive, measures, releases them: {bytes per waiter, wake ms}. */
    private static double[] once(int n, Setup setup) throws InterruptedException {
        Runnable[] release = new Runnable[1];
        Waits waits = setup.create(n, release);
        long before = liveBytes();
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    waits.await();
                } catch (InterruptedException ignored) {
                    // not in a benchmark
                }
            }));
        }
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        long after = liveBytes();
        long start = System.nanoTime();
        release[0].run();
        for (Thread t : threads) {
            t.join();
        }
        double wake = (System.nanoTime() - start) / 1e6;
        return new double[] {(after - before) / (double) n, wake};
    }

    /** The bytes of all live objects, from the class histogram's total line (which runs a full GC first). */
    static long liveBytes() {
        String histogram;
        try {
            histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("cannot take a class histogram (jdk.management is needed)", e);
        }
        for (String line : histogram.lines().toList().reversed()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].equals("Total")) {
                return Long.parseLong(f[2]);
            }
        }
        throw new IllegalStateException("class histogram without a Total line: "
                + histogram.substring(0, Math.min(200, histogram.length())));
    }

    /**
     * Every measurement, each the median of {@code runs}: {@code n} waiters on a Semaphore and on a queue, and
     * {@code eventWaiters} on an Event.
     */
    public static List<Result> all(int n, int eventWaiters, int runs) throws InterruptedException {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("Semaphore (Lockstep)", n, (k, release) -> {
            Semaphore sem = new Semaphore("mem", 0);
            release[0] = () -> {
                for (int i = 0; i < k; i++) {
                    sem.release();
                }
            };
            return sem::acquire;
        }));
        cases.add(new Case("Semaphore (j.u.c, fair)", n, (k, release) -> {
            java.util.concurrent.Semaphore sem = new java.util.concurrent.Semaphore(0, true);
            release[0] = () -> sem.release(k);
            return sem::acquire;
        }));
        cases.add(new Case("WorkQueue take (Lockstep)", n, (k, release) -> {
            WorkQueue<Integer> q = WorkQueue.fifo();
            release[0] = () -> {
                for (int i = 0; i < k; i++) {
                    q.offer(i);
                }
            };
            return q::take;
        }));
        cases.add(new Case("LinkedBlockingQueue take (j.u.c)", n, (k, release) -> {
            LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>();
            release[0] = () -> q.addAll(Collections.nCopies(k, 1));
            return q::take;
        }));
        cases.add(new Case("ArrayBlockingQueue take (j.u.c)", n, (k, release) -> {
            ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(k);
            release[0] = () -> q.addAll(Collections.nCopies(k, 1));
            return q::take;
        }));
        cases.add(new Case("Event (Lockstep)", eventWaiters, (k, release) -> {
            Event e = new Event("mem");
            release[0] = e::set;
            return e::await;
        }));
        cases.add(new Case("CountDownLatch (j.u.c)", eventWaiters, (k, release) -> {
            CountDownLatch latch = new CountDownLatch(1);
            release[0] = latch::countDown;
            return latch::await;
        }));
        return measure(cases, runs);
    }
}
