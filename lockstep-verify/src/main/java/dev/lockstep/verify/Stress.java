package dev.lockstep.verify;

import dev.lockstep.sync.Barrier;
import dev.lockstep.sync.Condition;
import dev.lockstep.sync.Event;
import dev.lockstep.sync.Mutex;
import dev.lockstep.sync.QueueShutdownException;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.sync.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Parallel stress on the real schedulers: worker threads (platform or virtual, on the JDK's default scheduler) hammer
 * every primitive with random operations, random timeouts, and a chaos thread that interrupts them at random, for a
 * fixed time. Then the books must balance: every permit back, the mutex free, every item put either taken or drained,
 * exactly once, and no waiter left anywhere.
 */
public final class Stress {
    private Stress() {}

    /**
     * What a stress run did and found.
     *
     * @param operations primitive operations completed (including refused and timed-out ones)
     * @param interrupts interrupts sent
     * @param problems broken invariants; empty if everything balanced
     */
    public record Result(long operations, long interrupts, Duration elapsed, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Runs {@code workers} threads of the given kind for {@code duration}. */
    public static Result run(boolean virtual, int workers, Duration duration, long seed) throws InterruptedException {
        Mutex mutex = new Mutex("stress-mutex");
        Condition changed = mutex.newCondition("changed");
        Semaphore permits = new Semaphore("stress-permits", 3);
        Event event = new Event("stress-event");
        Barrier barrier = new Barrier("stress-barrier", 2);
        WorkQueue<Long> queue = WorkQueue.<Long>fifo(8).named("stress-queue");

        long[] guarded = {0}; // changed only under the mutex
        AtomicInteger insideMutex = new AtomicInteger();
        AtomicInteger permitsInUse = new AtomicInteger();
        LongAdder mutexEntries = new LongAdder();
        LongAdder operations = new LongAdder();
        AtomicLong nextItem = new AtomicLong();
        LongAdder acceptedSum = new LongAdder();
        LongAdder acceptedCount = new LongAdder();
        LongAdder takenSum = new LongAdder();
        LongAdder takenCount = new LongAdder();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();

        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            long workerSeed = seed + w * 0x9E3779B97F4A7C15L;
            Runnable body = () -> {
                SplittableRandom random = new SplittableRandom(workerSeed);
                while (System.nanoTime() < deadline) {
                    try {
                        switch (random.nextInt(8)) {
                            case 0, 1 -> {
                                boolean got = switch (random.nextInt(3)) {
                                    case 0 -> {
                                        mutex.lockInterruptibly();
                                        yield true;
                                    }
                                    case 1 -> mutex.tryLock(Duration.ofNanos(random.nextInt(50_000)));
                                    default -> {
                                        mutex.lock();
                                        yield true;
                                    }
                                };
                                if (got) {
                                    if (insideMutex.incrementAndGet() != 1) {
                                        problems.add("two threads inside the mutex");
                                    }
                                    guarded[0]++;
                                    mutexEntries.increment();
                                    if (random.nextInt(4) == 0) {
                                        changed.signal();
                                    }
                                    insideMutex.decrementAndGet();
                                    mutex.unlock();
                                }
                            }
                            case 2 -> {
                                boolean got = random.nextBoolean() ? permits.tryAcquire(Duration.ofNanos(
                                        random.nextInt(50_000))) : acquire(permits);
                                if (got) {
                                    if (permitsInUse.incrementAndGet() > 3) {
                                        problems.add("more than 3 permits in use");
                                    }
                                    Thread.onSpinWait();
                                    permitsInUse.decrementAndGet();
                                    permits.release();
                                }
                            }
                            case 3 -> {
                                long item = nextItem.incrementAndGet();
                                boolean accepted = random.nextBoolean() ? queue.offer(item,
                                        Duration.ofNanos(random.nextInt(50_000))) : put(queue, item);
                                if (accepted) {
                                    acceptedSum.add(item);
                                    acceptedCount.increment();
                                }
                            }
                            case 4 -> {
                                Long item = random.nextBoolean() ? queue.poll(Duration.ofNanos(random.nextInt(50_000)))
                                        : queue.poll();
                                if (item != null) {
                                    takenSum.add(item);
                                    takenCount.increment();
                                    queue.taskDone();
                                }
                            }
                            case 5 -> {
                                switch (random.nextInt(3)) {
                                    case 0 -> event.set();
                                    case 1 -> event.clear();
                                    default -> event.await(Duration.ofNanos(random.nextInt(50_000)));
                                }
                            }
                            case 6 -> {
                                mutex.lock();
                                try {
                                    changed.awaitNanos(random.nextInt(50_000));
                                    if (!mutex.isHeldByCurrentThread()) {
                                        problems.add("await returned without the mutex");
                                    }
                                } finally {
                                    mutex.unlock();
                                }
                            }
                            default -> {
                                try {
                                    barrier.await(Duration.ofNanos(random.nextInt(100_000)));
                                } catch (TimeoutException | BrokenBarrierException alone) {
                                    // nobody came, or a reset
                                }
                                if (random.nextInt(64) == 0) {
                                    barrier.reset();
                                }
                            }
                        }
                    } catch (InterruptedException chaos) {
                        // the chaos thread's doing: carry on
                    } catch (RuntimeException | Error e) {
                        problems.add(Thread.currentThread().getName() + ": " + e);
                    }
                    operations.increment();
                }
                Thread.interrupted();
            };
            threads.add(virtual ? Thread.ofVirtual().name("stress-" + w).start(body)
                    : Thread.ofPlatform().name("stress-" + w).start(body));
        }
        AtomicLong interrupts = new AtomicLong();
        Thread chaos = Thread.ofPlatform().name("stress-chaos").start(() -> {
            SplittableRandom random = new SplittableRandom(seed ^ 0xC4A05L);
            while (System.nanoTime() < deadline) {
                threads.get(random.nextInt(threads.size())).interrupt();
                interrupts.incrementAndGet();
                LockSupport.parkNanos(20_000 + random.nextInt(80_000));
            }
        });
        chaos.join();
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30));
            if (t.isAlive()) {
                problems.add(t.getName() + " is stuck: " + java.util.Arrays.toString(t.getStackTrace()));
            }
        }
        // The books.
        List<Long> drained = queue.shutdownNow();
        long drainedSum = 0;
        for (long item : drained) {
            drainedSum += item;
        }
        if (acceptedCount.sum() != takenCount.sum() + drained.size()) {
            problems.add("items: " + acceptedCount.sum() + " accepted, " + takenCount.sum() + " taken, "
                    + drained.size() + " drained");
        }
        if (acceptedSum.sum() != takenSum.sum() + drainedSum) {
            problems.add("item sums differ: an item was lost or taken twice");
        }
        if (mutex.isLocked() || mutex.queueLength() != 0) {
            problems.add("mutex left " + mutex);
        }
        mutex.lock();
        if (guarded[0] != mutexEntries.sum()) {
            problems.add("guarded counter " + guarded[0] + " != " + mutexEntries.sum() + " entries");
        }
        mutex.unlock();
        if (permits.availablePermits() != 3 || permits.queueLength() != 0) {
            problems.add("permits left " + permits);
        }
        if (event.queueLength() != 0) {
            problems.add("event left " + event);
        }
        if (barrier.waiting() != 0) {
            problems.add("barrier left " + barrier);
        }
        return new Result(operations.sum(), interrupts.get(), Duration.ofNanos(System.nanoTime() - start),
                List.copyOf(problems));
    }

    private static boolean acquire(Semaphore s) throws InterruptedException {
        s.acquire();
        return true;
    }

    private static boolean put(WorkQueue<Long> q, long item) throws InterruptedException {
        try {
            return q.offer(item, Duration.ofMillis(1));
        } catch (QueueShutdownException e) {
            return false;
        }
    }
}
