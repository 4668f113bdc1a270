package dev.lockstep.bench;

import dev.lockstep.sync.Event;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.sync.WorkQueue;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Heap bytes per parked waiter: N virtual threads blocked on one primitive, measured as the live heap after a full GC
 * minus the live heap before, divided by N. The figure includes each waiter's virtual thread and its stack, which are
 * the same for Lockstep and java.util.concurrent; the difference between the two is the primitive's own cost.
 */
public final class MemoryBench {
    private MemoryBench() {}

    /** One measurement. */
    public record Result(String what, int waiters, double bytesPerWaiter, double wakeAllMillis) {}

    interface Waits {
        void await() throws InterruptedException;
    }

    /** Parks {@code n} virtual threads in {@code waits}, measures, then releases them with {@code release}. */
    static Result measure(String what, int n, Waits waits, Runnable release) throws InterruptedException {
        long before = liveHeap();
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
        long after = liveHeap();
        long start = System.nanoTime();
        release.run();
        for (Thread t : threads) {
            t.join();
        }
        double wake = (System.nanoTime() - start) / 1e6;
        return new Result(what, n, (after - before) / (double) n, wake);
    }

    static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Every measurement: {@code n} waiters on a Semaphore and on a queue, and {@code eventWaiters} on an Event. */
    public static List<Result> all(int n, int eventWaiters) throws InterruptedException {
        List<Result> results = new ArrayList<>();
        Semaphore sem = new Semaphore("mem", 0);
        results.add(measure("Semaphore (Lockstep)", n, sem::acquire, () -> {
            for (int i = 0; i < n; i++) {
                sem.release();
            }
        }));
        java.util.concurrent.Semaphore jsem = new java.util.concurrent.Semaphore(0, true);
        results.add(measure("Semaphore (j.u.c, fair)", n, jsem::acquire, () -> jsem.release(n)));
        WorkQueue<Integer> q = WorkQueue.fifo();
        results.add(measure("WorkQueue take (Lockstep)", n, q::take, () -> {
            for (int i = 0; i < n; i++) {
                q.offer(i);
            }
        }));
        LinkedBlockingQueue<Integer> lbq = new LinkedBlockingQueue<>();
        results.add(measure("LinkedBlockingQueue take (j.u.c)", n, lbq::take,
                () -> lbq.addAll(java.util.Collections.nCopies(n, 1))));
        ArrayBlockingQueue<Integer> abq = new ArrayBlockingQueue<>(n);
        results.add(measure("ArrayBlockingQueue take (j.u.c)", n, abq::take,
                () -> abq.addAll(java.util.Collections.nCopies(n, 1))));
        Event e = new Event("mem");
        results.add(measure("Event (Lockstep)", eventWaiters, e::await, e::set));
        CountDownLatch latch = new CountDownLatch(1);
        results.add(measure("CountDownLatch (j.u.c)", eventWaiters, latch::await, latch::countDown));
        return results;
    }
}
