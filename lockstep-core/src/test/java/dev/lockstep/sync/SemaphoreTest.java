package dev.lockstep.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.testkit.Env.Spawned;
import dev.lockstep.testkit.Mode;
import dev.lockstep.testkit.Steps;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SemaphoreTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void permitsAreCountedDownAndUp(Mode mode) throws Exception {
        mode.run(env -> {
            Semaphore s = new Semaphore("api", 2);
            s.acquire();
            assertTrue(s.tryAcquire());
            assertFalse(s.tryAcquire());
            assertEquals(0, s.availablePermits());
            s.release();
            s.release();
            assertEquals(2, s.availablePermits());
            assertEquals("Semaphore \"api\" [2 available, 0 waiting]", s.toString());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void waitersGetPermitsInArrivalOrder(Mode mode) throws Exception {
        mode.run(env -> {
            Semaphore s = new Semaphore(0);
            Steps steps = new Steps();
            for (int i = 1; i <= 4; i++) {
                String name = "w" + i;
                int queued = i;
                env.spawn(name, () -> {
                    s.acquire();
                    steps.mark(name);
                });
                env.until(() -> s.queueLength() == queued, name + " is queued");
            }
            for (int i = 1; i <= 4; i++) {
                s.release();
                int served = i;
                env.until(() -> steps.seen().size() == served, "w" + served + " is served");
            }
            steps.assertOrder("w1", "w2", "w3", "w4");
            assertEquals(0, s.availablePermits());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void releaseThenAcquireDoesNotOvertakeAWaiter(Mode mode) throws Exception {
        mode.run(env -> {
            Semaphore s = new Semaphore(1);
            Steps steps = new Steps();
            s.acquire();
            Spawned<Void> w = env.spawn("w", () -> {
                s.acquire();
                steps.mark("w");
                env.until(() -> s.queueLength() == 1, "main queues behind");
                s.release();
            });
            env.until(() -> s.queueLength() == 1, "w is queued");
            s.release();
            assertFalse(s.tryAcquire(), "the permit was handed to the waiter");
            s.acquire();
            steps.mark("main");
            s.release();
            w.join();
            steps.assertOrder("w", "main");
            assertEquals(1, s.availablePermits());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptedWaiterLeavesAndLeaksNoPermit(Mode mode) throws Exception {
        // bpo-32734: a cancelled waiter must neither keep nor lose a permit.
        mode.run(env -> {
            Semaphore s = new Semaphore("s", 1);
            s.acquire();
            Spawned<Void> a = env.spawn("a", s::acquire);
            env.until(() -> s.queueLength() == 1, "a is queued");
            Spawned<Void> b = env.spawn("b", () -> {
                s.acquire();
                s.release();
            });
            env.until(() -> s.queueLength() == 2, "b is queued");
            a.interrupt();
            assertInstanceOf(InterruptedException.class, a.failure());
            s.release(); // goes to b, not to the departed a
            b.join();
            assertEquals(1, s.availablePermits());
            assertEquals(0, s.queueLength());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptAfterHandOffKeepsThePermitAndNobodyStarves(Mode mode) throws Exception {
        // gh-90155: a waiter interrupted right after it was handed a permit must not strand the waiters behind it.
        mode.run(env -> {
            Semaphore s = new Semaphore(1);
            s.acquire();
            AtomicInteger served = new AtomicInteger();
            Spawned<Boolean> a = env.call("a", () -> {
                s.acquire(); // handed a permit before the interrupt: must not throw
                env.until(() -> Thread.currentThread().isInterrupted(), "a is interrupted");
                boolean interrupted = Thread.interrupted();
                served.incrementAndGet();
                s.release();
                return interrupted;
            });
            env.until(() -> s.queueLength() == 1, "a is queued");
            Spawned<Void> b = env.spawn("b", () -> {
                s.acquire();
                served.incrementAndGet();
                s.release();
            });
            env.until(() -> s.queueLength() == 2, "b is queued");
            s.release();
            a.interrupt();
            assertTrue(a.join(), "a keeps the permit it was handed, with its interrupt status");
            b.join();
            assertEquals(2, served.get());
            assertEquals(1, s.availablePermits());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void timedTryAcquireGivesUpAfterItsTimeout(Mode mode) throws Exception {
        mode.run(env -> {
            Semaphore s = new Semaphore(0);
            assertFalse(env.call("t", () -> s.tryAcquire(Duration.ofMillis(20))).join());
            assertFalse(s.tryAcquire(Duration.ZERO));
            assertEquals(0, s.queueLength());
            s.release();
            assertTrue(s.tryAcquire(Duration.ofSeconds(-3)), "zero or negative still tries once");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void acquireUninterruptiblyKeepsWaitingAndTheStatus(Mode mode) throws Exception {
        mode.run(env -> {
            Semaphore s = new Semaphore(0);
            Spawned<Boolean> w = env.call("w", () -> {
                s.acquireUninterruptibly();
                return Thread.interrupted();
            });
            env.until(() -> s.queueLength() == 1, "w is queued");
            w.interrupt();
            env.untilParked(w);
            s.release();
            assertTrue(w.join());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void permitGuardReleasesOnce(Mode mode) throws Exception {
        mode.run(env -> {
            Semaphore s = new Semaphore(1);
            Guard g;
            try (Guard p = s.permit()) {
                g = p;
                assertEquals(0, s.availablePermits());
            }
            g.close();
            assertEquals(1, s.availablePermits());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void limitIsNeverExceeded(Mode mode) throws Exception {
        mode.run(env -> {
            Semaphore s = new Semaphore(3);
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            for (int t = 0; t < 8; t++) {
                env.spawn("t" + t, () -> {
                    for (int i = 0; i < 500; i++) {
                        try (Guard g = s.permit()) {
                            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            Thread.yield();
                            inFlight.decrementAndGet();
                        }
                    }
                });
            }
            env.close();
            assertTrue(peak.get() <= 3, "peak " + peak.get());
            assertEquals(3, s.availablePermits());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void boundedSemaphoreRefusesOverReleaseAndKeepsItsCount(Mode mode) throws Exception {
        mode.run(env -> {
            BoundedSemaphore b = new BoundedSemaphore("pool", 2);
            IllegalStateException e = assertThrows(IllegalStateException.class, b::release);
            assertTrue(e.getMessage().contains("BoundedSemaphore \"pool\"") && e.getMessage().contains("initial 2"),
                    e.getMessage());
            assertEquals(2, b.availablePermits());
            b.acquire();
            b.release();
            assertThrows(IllegalStateException.class, b::release);
            assertEquals(2, b.availablePermits());
            assertEquals("BoundedSemaphore \"pool\" [2 of 2 available, 0 waiting]", b.toString());
            // With waiters queued, a release is a hand-off and is allowed.
            b.acquire();
            b.acquire();
            Spawned<Void> w = env.spawn("w", b::acquire);
            env.until(() -> b.queueLength() == 1, "w is queued");
            b.release();
            w.join();
            b.release();
            b.release();
            assertThrows(IllegalStateException.class, b::release);
            BoundedSemaphore zero = new BoundedSemaphore(0);
            assertThrows(IllegalStateException.class, zero::release);
            assertEquals(0, zero.availablePermits());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void badArgumentsAreRefused(Mode mode) throws Exception {
        mode.run(env -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Semaphore("api", -1));
            assertTrue(e.getMessage().contains("Semaphore \"api\"") && e.getMessage().contains("-1"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-5));
            assertThrows(NullPointerException.class, () -> new Semaphore(null, 1));
            Semaphore s = new Semaphore(1);
            assertThrows(NullPointerException.class, () -> s.tryAcquire(null));
            assertEquals(1, s.availablePermits());
            Semaphore full = new Semaphore(Integer.MAX_VALUE);
            assertThrows(IllegalStateException.class, full::release);
            assertEquals(Integer.MAX_VALUE, full.availablePermits());
        });
    }
}
