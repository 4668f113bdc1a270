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
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConditionTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void waitingAndSignallingRequireTheMutex(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex("m");
            Condition c = m.newCondition();
            IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, c::await);
            assertTrue(e.getMessage().contains("Mutex \"m\""), e.getMessage());
            assertThrows(IllegalMonitorStateException.class, c::signal);
            assertThrows(IllegalMonitorStateException.class, c::signalAll);
            assertThrows(IllegalMonitorStateException.class, () -> c.awaitUntil(() -> true));
            assertThrows(IllegalMonitorStateException.class, () -> c.awaitUntil(() -> true, Duration.ZERO));
            assertThrows(IllegalMonitorStateException.class, () -> c.awaitNanos(1));
            assertFalse(m.isLocked());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void signalWakesWaitersInOrderEachHoldingTheMutex(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            Condition c = m.newCondition();
            Steps steps = new Steps();
            for (int i = 1; i <= 3; i++) {
                String name = "w" + i;
                env.spawn(name, () -> {
                    m.lock();
                    try {
                        c.await();
                        assertTrue(m.isHeldByCurrentThread());
                        steps.mark(name);
                    } finally {
                        m.unlock();
                    }
                });
                int waiting = i;
                env.until(() -> c.toString().contains(waiting + " waiting"), name + " waits");
            }
            for (int i = 1; i <= 3; i++) {
                m.lock();
                c.signal();
                m.unlock();
                int served = i;
                env.until(() -> steps.seen().size() == served, "w" + served + " returns");
            }
            steps.assertOrder("w1", "w2", "w3");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void signalAllWakesEveryWaiter(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            Condition c = m.newCondition();
            boolean[] ready = {false};
            for (int i = 1; i <= 4; i++) {
                env.spawn("w" + i, () -> {
                    try (Guard g = m.acquire()) {
                        c.awaitUntil(() -> ready[0]);
                    }
                });
            }
            env.until(() -> c.toString().contains("4 waiting"), "all wait");
            try (Guard g = m.acquire()) {
                ready[0] = true;
                c.signalAll();
            }
            env.close();
            assertFalse(m.isLocked());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptedWaiterReacquiresTheMutexBeforeThrowing(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            Condition c = m.newCondition();
            Spawned<Boolean> w = env.call("w", () -> {
                m.lock();
                try {
                    c.await();
                    return false;
                } catch (InterruptedException e) {
                    return m.isHeldByCurrentThread();
                } finally {
                    m.unlock();
                }
            });
            env.until(() -> c.toString().contains("1 waiting"), "w waits");
            m.lock();
            w.interrupt();
            env.until(() -> m.queueLength() == 1, "w waits for the mutex, not the signal");
            m.unlock();
            assertTrue(w.join(), "the InterruptedException is thrown holding the mutex");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void signalledWaiterThatIsInterruptedPassesTheSignalOn(Mode mode) throws Exception {
        // gh-112202: a waiter cancelled after being notified must not swallow the notification.
        mode.run(env -> {
            Mutex m = new Mutex();
            Condition c = m.newCondition();
            Spawned<Void> a = env.spawn("a", () -> {
                try (Guard g = m.acquire()) {
                    c.await();
                }
            });
            env.until(() -> c.toString().contains("1 waiting"), "a waits");
            Spawned<Void> b = env.spawn("b", () -> {
                try (Guard g = m.acquire()) {
                    c.await();
                }
            });
            env.until(() -> c.toString().contains("2 waiting"), "b waits");
            m.lock();
            c.signal(); // meant for a...
            a.interrupt(); // ...which is interrupted before it runs
            m.unlock();
            assertInstanceOf(InterruptedException.class, a.failure());
            b.join(); // b got the signal a passed on; without that it would wait forever
            assertFalse(m.isLocked());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void awaitUntilChecksThePredicateFirst(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            Condition c = m.newCondition();
            try (Guard g = m.acquire()) {
                c.awaitUntil(() -> true); // returns at once, never releases
                assertTrue(m.isHeldByCurrentThread());
                assertTrue(c.awaitUntil(() -> true, Duration.ZERO));
                assertFalse(c.awaitUntil(() -> false, Duration.ofMillis(10)));
                assertTrue(m.isHeldByCurrentThread());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void boundedBufferWithTwoConditions(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex("buffer");
            Condition notFull = m.newCondition();
            Condition notEmpty = m.newCondition();
            ArrayDeque<Integer> items = new ArrayDeque<>();
            long[] sum = {0};
            for (int p = 0; p < 2; p++) {
                env.spawn("producer" + p, () -> {
                    for (int i = 1; i <= 500; i++) {
                        try (Guard g = m.acquire()) {
                            notFull.awaitUntil(() -> items.size() < 4);
                            items.addLast(i);
                            notEmpty.signal();
                        }
                    }
                });
            }
            for (int q = 0; q < 2; q++) {
                env.spawn("consumer" + q, () -> {
                    for (int i = 0; i < 500; i++) {
                        try (Guard g = m.acquire()) {
                            notEmpty.awaitUntil(() -> !items.isEmpty());
                            sum[0] += items.removeFirst();
                            notFull.signal();
                        }
                    }
                });
            }
            env.close();
            try (Guard g = m.acquire()) {
                assertEquals(2L * 500 * 501 / 2, sum[0]);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void timedAwaitsReportTimeoutAndSignal(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            Condition c = m.newCondition();
            try (Guard g = m.acquire()) {
                assertTrue(c.awaitNanos(TimeUnit.MILLISECONDS.toNanos(5)) <= 0);
                assertFalse(c.await(5, TimeUnit.MILLISECONDS));
                assertFalse(c.awaitUntil(new java.util.Date(System.currentTimeMillis() + 5)));
                assertTrue(m.isHeldByCurrentThread());
            }
            Spawned<Long> w = env.call("w", () -> {
                try (Guard g = m.acquire()) {
                    return c.awaitNanos(TimeUnit.MINUTES.toNanos(5));
                }
            });
            env.until(() -> c.toString().contains("1 waiting"), "w waits");
            try (Guard g = m.acquire()) {
                c.signal();
            }
            assertTrue(w.join() > 0, "signalled: a positive remainder");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void awaitUninterruptiblyKeepsTheStatus(Mode mode) throws Exception {
        mode.run(env -> {
            Mutex m = new Mutex();
            Condition c = m.newCondition();
            Spawned<Boolean> w = env.call("w", () -> {
                try (Guard g = m.acquire()) {
                    c.awaitUninterruptibly();
                    return Thread.interrupted();
                }
            });
            env.until(() -> c.toString().contains("1 waiting"), "w waits");
            w.interrupt();
            env.untilParked(w);
            try (Guard g = m.acquire()) {
                c.signal();
            }
            assertTrue(w.join());
        });
    }
}
