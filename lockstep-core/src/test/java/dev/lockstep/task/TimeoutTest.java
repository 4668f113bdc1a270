package dev.lockstep.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.sync.Event;
import dev.lockstep.sync.Mutex;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.testkit.Mode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TimeoutTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void returnsTheBodysResultInTime(Mode mode) throws Exception {
        mode.run(env -> assertEquals("fast", Timeout.call(Duration.ofMinutes(1), () -> "fast")));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void expiryCancelsALockstepWaitAndReportsTimeout(Mode mode) throws Exception {
        mode.run(env -> {
            Semaphore none = new Semaphore(0);
            TimeoutException e = assertThrows(TimeoutException.class,
                    () -> Timeout.run(Duration.ofMillis(20), none::acquire));
            assertInstanceOf(TimeoutCancellationException.class, e.getCause());
            assertFalse(Thread.currentThread().isInterrupted(), "a timeout leaves no interrupt behind");
            assertEquals(0, none.queueLength(), "the cancelled waiter left the queue");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void expiryInterruptsOtherBlockingCallsAndConsumesTheInterrupt(Mode mode) throws Exception {
        mode.run(env -> {
            CountDownLatch never = new CountDownLatch(1);
            assertThrows(TimeoutException.class, () -> Timeout.run(Duration.ofMillis(20), never::await));
            assertFalse(Thread.currentThread().isInterrupted());
            assertThrows(TimeoutException.class, () -> Timeout.run(Duration.ofMillis(20), () -> Thread.sleep(60_000)));
            assertFalse(Thread.currentThread().isInterrupted());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anOuterInterruptIsNeverTurnedIntoATimeout(Mode mode) throws Exception {
        // gh-102780 / gh-116720: a cancellation from outside must win over the timeout.
        mode.run(env -> {
            Event never = new Event("never");
            var worker = env.call("worker", () -> {
                try {
                    Timeout.run(Duration.ofMinutes(10), never::await);
                    return "returned";
                } catch (TimeoutException e) {
                    return "timeout";
                } catch (InterruptedException e) {
                    return "interrupted";
                }
            });
            env.until(() -> never.queueLength() == 1, "worker waits");
            worker.interrupt();
            assertEquals("interrupted", worker.join());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anInterruptPendingWhenTheDeadlineHasPassedStaysAnInterrupt(Mode mode) throws Exception {
        mode.run(env -> {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> Timeout.run(Duration.ZERO, () -> new Event().await()));
            // and after a body that ignored both, the outer interrupt is still there:
            Thread.currentThread().interrupt();
            Timeout.run(Duration.ZERO, () -> {
            });
            assertTrue(Thread.interrupted());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theTimeoutWhoseDeadlinePassedFirstReportsIt(Mode mode) throws Exception {
        mode.run(env -> {
            Event never = new Event();
            // Outer expires first: the inner timeout must let it through.
            String seen = "none";
            try {
                Timeout.run(Duration.ofMillis(20), () -> {
                    try {
                        Timeout.run(Duration.ofMinutes(5), never::await);
                    } catch (TimeoutException inner) {
                        throw new AssertionError("the inner timeout claimed the outer one's expiry");
                    }
                });
            } catch (TimeoutException outer) {
                seen = "outer";
            }
            assertEquals("outer", seen);
            // Inner expires first: the outer one never hears of it.
            String r = Timeout.call(Duration.ofMinutes(5), () -> {
                try {
                    Timeout.run(Duration.ofMillis(20), never::await);
                    return "no";
                } catch (TimeoutException inner) {
                    return "inner";
                }
            });
            assertEquals("inner", r);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void waitsInsideAnExpiredTimeoutFailAtOnce(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            m.lock();
            var other = env.call("other", () -> {
                try {
                    return Timeout.call(Duration.ZERO, () -> m.tryLock(Duration.ofHours(1)));
                } catch (TimeoutException e) {
                    return null;
                }
            });
            assertEquals(null, other.join());
            m.unlock();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aTaskGroupInsideAnExpiredTimeoutCancelsItsTasks(Mode mode) throws Exception {
        mode.run(env -> {
            Event never = new Event();
            Task<?>[] t = new Task<?>[1];
            assertThrows(TimeoutException.class, () -> Timeout.run(Duration.ofMillis(20), () -> {
                try (TaskGroup g = TaskGroup.open()) {
                    t[0] = g.spawn("forever", () -> {
                        never.await();
                        return null;
                    });
                }
            }));
            assertTrue(t[0].isCancelled());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void badArgumentsAreRefused(Mode mode) throws Exception {
        mode.run(env -> {
            assertThrows(NullPointerException.class, () -> Timeout.call(null, () -> 1));
            assertThrows(NullPointerException.class, () -> Timeout.call(Duration.ZERO, null));
            assertThrows(NullPointerException.class, () -> Clock.sleep(null));
        });
    }
}
