package dev.lockstep.examples;

import dev.lockstep.sync.QueueShutdownException;
import dev.lockstep.sync.WorkQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's scenario 4: CPU-bound work spread over workers that really run in parallel (platform threads here, the
 * seed's processes there). Sharing a counter between them loses updates; passing messages through queues does not.
 */
public final class CpuFanOut {
    private CpuFanOut() {}

    /** A counter shared by the workers of {@link #sharedCounter}; volatile, and still not safe for {@code ++}. */
    private static final class Shared {
        volatile long value;
    }

    /**
     * Bad: {@code workers} platform threads each add 1 to a shared counter {@code increments} times, with no lock
     * (the seed's {@code val.value += 1}).
     *
     * @return the counter at the end; anything below {@code workers * increments} is lost updates
     */
    public static long sharedCounter(int workers, int increments) throws InterruptedException {
        Shared shared = new Shared();
        List<Thread> threads = new ArrayList<>();
        // All start together: a worker that finished before the next one started would lose nothing, and on a busy
        // machine thread start-up can take as long as a worker's whole share.
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(workers);
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().name("worker-" + w).start(() -> {
                try {
                    start.await();
                } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
                    return;
                }
                for (int i = 0; i < increments; i++) {
                    shared.value++; // read, add, write: another worker's write in between is lost
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return shared.value;
    }

    /**
     * Better: jobs go to {@code workers} platform threads through one {@link WorkQueue}, and each result comes back
     * through another; only the main thread adds them up.
     *
     * @return the sum of {@link #heavy}(j) for j in 0..jobs-1
     */
    public static long messagePassing(int workers, int jobs) throws InterruptedException {
        WorkQueue<Integer> work = WorkQueue.<Integer>fifo(64).named("jobs");
        WorkQueue<Long> results = WorkQueue.<Long>fifo().named("results");
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().name("worker-" + w).start(() -> {
                try {
                    for (;;) {
                        int job = work.take();
                        results.put(heavy(job)); // the result travels as a message; nothing is shared
                        work.taskDone();
                    }
                } catch (QueueShutdownException | InterruptedException done) {
                    // drained
                }
            }));
        }
        for (int j = 0; j < jobs; j++) {
            work.put(j);
        }
        work.join();
        work.shutdown();
        for (Thread t : threads) {
            t.join();
        }
        long sum = 0;
        for (Long r = results.poll(); r != null; r = results.poll()) {
            sum += r;
        }
        return sum;
    }

    /** Some CPU-bound work: a few thousand rounds of an integer hash. */
    public static long heavy(int job) {
        long h = job * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < 2_000; i++) {
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
        }
        return h & 0xFFFF;
    }
}
