package dev.lockstep.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code new Mutex(name, false)} and {@code new Semaphore(name, n, false)} with real threads, platform and virtual:
 * exclusion and the permit count hold under contention, interrupts and timeouts leave nothing behind, conditions
 * work. That an arrival may overtake a queued waiter, and that nothing else changes, the explorer shows over every
 * interleaving (lockstep-verify's Catalog and UnfairModeTest).
 */
class UnfairModeTest {

    @Test
    void anUnfairMutexExcludesUnderContention() throws Exception {
        Mutex m = new Mutex("m", false);
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread.Builder b = t % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(b.start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    m.lock();
                    try {
                        assertEquals(1, inside.incrementAndGet(), "two holders");
                        counter[0]++;
                        inside.decrementAndGet();
                    } finally {
                        m.unlock();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(160_000, counter[0]);
        assertFalse(m.isLocked());
        assertEquals(0, m.queueLength());
    }

    @Test
    void anUnfairSemaphoreKeepsItsLimitAndItsPermits() throws Exception {
        Semaphore s = new Semaphore("api", 3, false);
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 50; t++) {
                pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        s.acquire();
                        try {
                            most.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                            Thread.yield();
                            inUse.decrementAndGet();
                        } finally {
                            s.release();
                        }
                    }
                    return null;
                });
            }
        }
        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
        assertEquals(3, s.availablePermits());
        assertEquals(0, s.queueLength());
    }

    @Test
    void interruptsAndTimeoutsLeaveNothingBehind() throws Exception {
        Semaphore s = new Semaphore("s", 0, false);
        CountDownLatch queued = new CountDownLatch(1);
        Thread interrupted = Thread.ofVirtual().start(() -> {
            queued.countDown();
            assertThrows(InterruptedException.class, s::acquire);
        });
        queued.await();
        while (s.queueLength() == 0) {
            Thread.onSpinWait();
        }
        interrupted.interrupt();
        interrupted.join();
        assertFalse(s.tryAcquire(Duration.ofMillis(5)), "nothing to take: it times out");
        assertEquals(0, s.queueLength());
        s.release();
        assertEquals(1, s.availablePermits(), "the released permit is still there");

        Mutex m = new Mutex("m", false);
        m.lock();
        Thread timed = Thread.ofPlatform().start(() -> {
            try {
                assertFalse(m.tryLock(Duration.ofMillis(5)));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        timed.join();
        assertEquals(0, m.queueLength());
        m.unlock();
        assertFalse(m.isLocked());
    }

    @Test
    void conditionsWorkOnAnUnfairMutex() throws Exception {
        Mutex m = new Mutex("buffer", false);
        Condition notEmpty = m.newCondition("notEmpty");
        List<Integer> items = new ArrayList<>();
        int[] taken = {0};
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            consumers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 1_000; i++) {
                    m.lock();
                    try {
                        notEmpty.awaitUntil(() -> !items.isEmpty());
                        items.remove(0);
                        taken[0]++;
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    } finally {
                        m.unlock();
                    }
                }
            }));
        }
        for (int i = 0; i < 4_000; i++) {
            m.lock();
            try {
                items.add(i);
                notEmpty.signal();
            } finally {
                m.unlock();
            }
        }
        for (Thread t : consumers) {
            t.join();
        }
        assertEquals(4_000, taken[0]);
        assertTrue(items.isEmpty());
    }

    @Test
    void theDefaultStaysFair() {
        Mutex m = new Mutex("m");
        m.lock();
        assertTrue(new Mutex("m", true).tryLock());
        m.unlock();
        assertTrue(new Semaphore("s", 1).tryAcquire());
        assertTrue(new Semaphore(1, false).tryAcquire());
        assertTrue(new Mutex(false).tryLock());
    }
}
