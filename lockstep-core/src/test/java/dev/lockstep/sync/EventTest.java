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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void awaitReturnsAtOnceWhenSet(Mode mode) throws Exception {
        mode.run(env -> {
            Event e = new Event("ready");
            assertFalse(e.isSet());
            e.set();
            assertTrue(e.isSet());
            e.await();
            assertTrue(e.await(Duration.ZERO));
            e.set(); // idempotent
            assertEquals("Event \"ready\" [set, 0 waiting]", e.toString());
            e.clear();
            assertFalse(e.isSet());
            assertFalse(e.await(Duration.ZERO));
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void setWakesEveryWaiter(Mode mode) throws Exception {
        mode.run(env -> {
            Event e = new Event();
            Steps steps = new Steps();
            List<Spawned<Void>> waiters = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                String name = "w" + i;
                int queued = i;
                waiters.add(env.spawn(name, () -> {
                    e.await();
                    steps.mark(name);
                }));
                env.until(() -> e.queueLength() == queued, name + " waits");
            }
            e.set();
            for (Spawned<Void> w : waiters) {
                w.join();
            }
            assertEquals(5, steps.seen().size());
            if (mode == Mode.LOOP) {
                steps.assertOrder("w1", "w2", "w3", "w4", "w5"); // woken in the order they began to wait
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void clearRightAfterSetStillWakesTheWaitersOfThatSet(Mode mode) throws Exception {
        mode.run(env -> {
            Event e = new Event();
            Spawned<Void> a = env.spawn("a", e::await);
            Spawned<Void> b = env.spawn("b", e::await);
            env.until(() -> e.queueLength() == 2, "both wait");
            e.set();
            e.clear();
            a.join();
            b.join();
            assertFalse(e.isSet());
            Spawned<Boolean> late = env.call("late", () -> e.await(Duration.ofMillis(10)));
            assertFalse(late.join(), "a waiter that came after the clear waits for the next set");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void setClearSetWithAWaiterPending(Mode mode) throws Exception {
        mode.run(env -> {
            Event e = new Event();
            Spawned<Void> w = env.spawn("w", e::await);
            env.until(() -> e.queueLength() == 1, "w waits");
            e.set();
            e.clear();
            e.set();
            w.join();
            assertTrue(e.isSet());
            assertEquals(0, e.queueLength());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void timedAwaitReturnsFalseOnTimeoutAndTrueOnSet(Mode mode) throws Exception {
        mode.run(env -> {
            Event e = new Event();
            assertFalse(env.call("t", () -> e.await(Duration.ofMillis(20))).join());
            assertEquals(0, e.queueLength());
            Spawned<Boolean> w = env.call("w", () -> e.await(Duration.ofMinutes(5)));
            env.until(() -> e.queueLength() == 1, "w waits");
            e.set();
            assertTrue(w.join());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptedWaiterLeaves(Mode mode) throws Exception {
        mode.run(env -> {
            Event e = new Event();
            Spawned<Void> w = env.spawn("w", e::await);
            env.until(() -> e.queueLength() == 1, "w waits");
            w.interrupt();
            assertInstanceOf(InterruptedException.class, w.failure());
            assertEquals(0, e.queueLength());
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, e::await, "interrupted on entry");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void setBeforeTheInterruptIsHonoured(Mode mode) throws Exception {
        mode.run(env -> {
            Event e = new Event();
            Spawned<Boolean> w = env.call("w", () -> {
                e.await(); // woken by the set before the interrupt: must not throw
                env.until(() -> Thread.currentThread().isInterrupted(), "w is interrupted");
                return Thread.interrupted();
            });
            env.until(() -> e.queueLength() == 1, "w waits");
            e.set();
            w.interrupt();
            assertTrue(w.join(), "returns normally (woken by the set) with the interrupt status kept");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void badArgumentsAreRefused(Mode mode) throws Exception {
        mode.run(env -> {
            Event e = new Event("e");
            NullPointerException npe = assertThrows(NullPointerException.class, () -> e.await(null));
            assertTrue(npe.getMessage().contains("Event \"e\""), npe.getMessage());
            assertThrows(NullPointerException.class, () -> new Event(null));
            assertFalse(e.isSet());
        });
    }
}
