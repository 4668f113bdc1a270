package dev.lockstep.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.testkit.Env;
import dev.lockstep.testkit.Env.Spawned;
import dev.lockstep.testkit.Mode;
import dev.lockstep.testkit.Steps;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MutexTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void lockAndUnlockChangeStateAndOwner(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex("account");
            assertFalse(m.isLocked());
            m.lock();
            assertTrue(m.isLocked());
            assertTrue(m.isHeldByCurrentThread());
            assertEquals("Mutex \"account\" [locked by " + Thread.currentThread().getName() + ", 0 waiting]",
                    m.toString());
            m.unlock();
            assertFalse(m.isLocked());
            assertFalse(m.isHeldByCurrentThread());
            assertEquals("account", m.name());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void waitersAcquireInArrivalOrder(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex("fifo");
            Steps steps = new Steps();
            m.lock();
            for (int i = 1; i <= 4; i++) {
                String name = "w" + i;
                int queued = i;
                env.spawn(name, () -> {
                    m.lock();
                    steps.mark(name);
                    m.unlock();
                });
                env.until(() -> m.queueLength() == queued, name + " is queued");
            }
            m.unlock();
            env.close();
            steps.assertOrder("w1", "w2", "w3", "w4");
            assertFalse(m.isLocked());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unlockThenRelockQueuesBehindWaiters(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            Steps steps = new Steps();
            m.lock();
            Spawned<Void> waiter = env.spawn("waiter", () -> {
                m.lock();
                steps.mark("waiter");
                env.until(() -> m.queueLength() == 1, "main queues behind");
                m.unlock();
            });
            env.until(() -> m.queueLength() == 1, "waiter is queued");
            m.unlock();
            assertTrue(m.isLocked(), "the hand-off keeps the mutex locked for the waiter");
            assertFalse(m.tryLock(), "tryLock must not overtake the waiter that was handed the mutex");
            m.lock();
            steps.mark("main");
            m.unlock();
            waiter.join();
            steps.assertOrder("waiter", "main");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tryLockFailsWhileHeldAndSucceedsWhenFree(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            assertTrue(m.tryLock());
            Spawned<Boolean> other = env.call("other", m::tryLock);
            assertFalse(other.join());
            m.unlock();
            assertTrue(env.call("other2", () -> {
                boolean got = m.tryLock();
                m.unlock();
                return got;
            }).join());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptedWaiterLeavesTheQueueWithoutTakingTheMutex(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex("m");
            m.lock();
            Spawned<Void> w = env.spawn("w", m::lockInterruptibly);
            env.until(() -> m.queueLength() == 1, "w is queued");
            w.interrupt();
            assertInstanceOf(InterruptedException.class, w.failure());
            assertEquals(0, m.queueLength());
            assertTrue(m.isHeldByCurrentThread());
            m.unlock();
            assertFalse(m.isLocked(), "nothing may be handed to the waiter that left");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptAfterHandOffKeepsTheMutexAndTheInterrupt(Mode mode) throws Exception {
        // bpo-27585: a waiter cancelled just after the lock was handed to it must not leave the lock held forever.
        mode.run(env -> {
            Mutex m = new Mutex("m");
            Steps steps = new Steps();
            m.lock();
            Spawned<Boolean> first = env.call("first", () -> {
                m.lockInterruptibly(); // handed over before the interrupt: must not throw
                // On a Loop the interrupt lands while first is still parked; elsewhere it may land just after.
                env.until(() -> Thread.currentThread().isInterrupted(), "first is interrupted");
                boolean interrupted = Thread.currentThread().isInterrupted();
                steps.mark("first");
                m.unlock();
                return interrupted;
            });
            env.until(() -> m.queueLength() == 1, "first is queued");
            Spawned<Void> second = env.spawn("second", () -> {
                m.lock();
                steps.mark("second");
                m.unlock();
            });
            env.until(() -> m.queueLength() == 2, "second is queued");
            m.unlock(); // handed to first...
            first.interrupt(); // ...which is interrupted before it can run
            assertTrue(first.join(), "first returns holding the mutex, with its interrupt status still set");
            second.join();
            steps.assertOrder("first", "second");
            assertFalse(m.isLocked());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void lockIgnoresInterruptsWhileWaitingAndKeepsTheStatus(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            m.lock();
            Spawned<Boolean> w = env.call("w", () -> {
                m.lock();
                boolean interrupted = Thread.interrupted();
                m.unlock();
                return interrupted;
            });
            env.until(() -> m.queueLength() == 1, "w is queued");
            w.interrupt();
            env.untilParked(w); // still waiting, despite the interrupt
            assertEquals(1, m.queueLength());
            m.unlock();
            assertTrue(w.join());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void timedTryLockGivesUpAfterItsTimeoutAndLeavesTheQueue(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            m.lock();
            assertFalse(env.call("t", () -> m.tryLock(Duration.ofMillis(20))).join());
            assertFalse(env.call("t", () -> m.tryLock(5, TimeUnit.MILLISECONDS)).join());
            assertFalse(env.call("zero", () -> m.tryLock(Duration.ZERO)).join());
            assertFalse(env.call("negative", () -> m.tryLock(Duration.ofSeconds(-1))).join());
            assertEquals(0, m.queueLength());
            m.unlock();
            assertTrue(env.call("free", () -> {
                boolean got = m.tryLock(Duration.ZERO);
                m.unlock();
                return got;
            }).join(), "a zero timeout still tries once");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void timedTryLockSucceedsWhenHandedOverInTime(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            m.lock();
            Spawned<Boolean> w = env.call("w", () -> {
                boolean got = m.tryLock(Duration.ofMinutes(5));
                m.unlock();
                return got;
            });
            env.until(() -> m.queueLength() == 1, "w is queued");
            m.unlock();
            assertTrue(w.join());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void relockingByTheOwnerIsRefusedNotDeadlocked(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex("m");
            m.lock();
            IllegalStateException e = assertThrows(IllegalStateException.class, m::lock);
            assertTrue(e.getMessage().contains("Mutex \"m\"") && e.getMessage().contains("not reentrant"),
                    e.getMessage());
            assertThrows(IllegalStateException.class, m::tryLock);
            assertThrows(IllegalStateException.class, m::lockInterruptibly);
            assertThrows(IllegalStateException.class, m::acquire);
            assertThrows(IllegalStateException.class, () -> m.tryLock(Duration.ofSeconds(1)));
            assertTrue(m.isHeldByCurrentThread());
            m.unlock();
            assertFalse(m.isLocked(), "one unlock releases it: the refused calls changed nothing");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void onlyTheOwnerMayUnlock(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex("m");
            IllegalMonitorStateException notLocked = assertThrows(IllegalMonitorStateException.class, m::unlock);
            assertTrue(notLocked.getMessage().contains("not locked"), notLocked.getMessage());
            m.lock();
            Throwable stranger = env.spawn("stranger", m::unlock).failure();
            assertInstanceOf(IllegalMonitorStateException.class, stranger);
            assertTrue(stranger.getMessage().contains("unlock() by stranger"), stranger.getMessage());
            assertTrue(m.isHeldByCurrentThread());
            m.unlock();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptedCallersFailOnEntryEvenWhenFree(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, m::lockInterruptibly);
            assertFalse(Thread.currentThread().isInterrupted());
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> m.tryLock(Duration.ofSeconds(1)));
            assertFalse(m.isLocked());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void guardUnlocksOnceAndASecondCloseIsANoOp(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            Guard g;
            try (Guard held = m.acquire()) {
                g = held;
                assertTrue(m.isHeldByCurrentThread());
            }
            assertFalse(m.isLocked());
            m.lock();
            g.close(); // must not unlock the new holding
            assertTrue(m.isHeldByCurrentThread());
            m.unlock();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void mutualExclusionHoldsUnderContention(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            int[] counter = {0};
            int[] inside = {0};
            for (int t = 0; t < 4; t++) {
                env.spawn("t" + t, () -> {
                    for (int i = 0; i < 2_000; i++) {
                        try (Guard g = m.acquire()) {
                            if (++inside[0] != 1) {
                                throw new AssertionError("two threads inside");
                            }
                            int v = counter[0];
                            if (i % 64 == 0) {
                                Thread.yield();
                            }
                            counter[0] = v + 1;
                            inside[0]--;
                        }
                    }
                });
            }
            env.close();
            m.lock(); // happens-after every unlock: the plain fields are visible
            assertEquals(8_000, counter[0]);
            m.unlock();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void badArgumentsNameTheMutex(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex("m");
            NullPointerException e = assertThrows(NullPointerException.class, () -> m.tryLock((Duration) null));
            assertTrue(e.getMessage().contains("Mutex \"m\""), e.getMessage());
            assertThrows(NullPointerException.class, () -> m.tryLock(1, null));
            assertThrows(NullPointerException.class, () -> new Mutex(null));
            assertFalse(m.isLocked());
        });
    }
}
