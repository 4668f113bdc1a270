package dev.lockstep.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.testkit.Env.Spawned;
import dev.lockstep.testkit.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BarrierTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void arrivalIndexesFollowArrivalOrder(Mode mode) throws Exception {
        mode.run(env -> {
            Barrier b = new Barrier("round", 3);
            List<Spawned<Integer>> parties = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                parties.add(env.call("p" + i, b::await));
                int waiting = i + 1;
                env.until(() -> b.waiting() == waiting, "p" + i + " waits");
            }
            assertEquals("Barrier \"round\" [2 of 3 waiting]", b.toString());
            assertEquals(2, b.await(), "the last arrival gets parties - 1 and does not wait");
            assertEquals(0, parties.get(0).join());
            assertEquals(1, parties.get(1).join());
            assertEquals(0, b.waiting());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void barrierIsReusableAcrossRounds(Mode mode) throws Exception {
        mode.run(env -> {
            Barrier b = new Barrier(4);
            int[] lastCount = {0};
            for (int t = 0; t < 3; t++) {
                env.spawn("t" + t, () -> {
                    for (int round = 0; round < 50; round++) {
                        if (b.await() == 3) {
                            throw new AssertionError("only main should arrive last here");
                        }
                    }
                });
            }
            for (int round = 0; round < 50; round++) {
                env.until(() -> b.waiting() == 3, "the others wait");
                if (b.await() == 3) {
                    lastCount[0]++;
                }
            }
            assertEquals(50, lastCount[0]);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void resetBreaksTheCurrentRoundOnly(Mode mode) throws Exception {
        mode.run(env -> {
            Barrier b = new Barrier(3);
            Spawned<Integer> a = env.call("a", b::await);
            env.until(() -> b.waiting() == 1, "a waits");
            b.reset();
            assertInstanceOf(BrokenBarrierException.class, a.failure());
            assertFalse(b.isBroken());
            Spawned<Integer> x = env.call("x", b::await);
            Spawned<Integer> y = env.call("y", b::await);
            env.until(() -> b.waiting() == 2, "x and y wait");
            assertEquals(2, b.await());
            assertEquals(1, x.join() + y.join(), "indexes 0 and 1");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void abortBreaksUntilReset(Mode mode) throws Exception {
        mode.run(env -> {
            Barrier b = new Barrier(2);
            Spawned<Integer> a = env.call("a", b::await);
            env.until(() -> b.waiting() == 1, "a waits");
            b.abort();
            assertInstanceOf(BrokenBarrierException.class, a.failure());
            assertTrue(b.isBroken());
            assertThrows(BrokenBarrierException.class, b::await);
            assertEquals(0, b.waiting());
            b.reset();
            assertFalse(b.isBroken());
            Spawned<Integer> c = env.call("c", b::await);
            env.until(() -> b.waiting() == 1, "c waits");
            assertEquals(1, b.await());
            assertEquals(0, c.join());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptedWaiterLeavesWithoutBreakingTheBarrier(Mode mode) throws Exception {
        mode.run(env -> {
            Barrier b = new Barrier(2);
            Spawned<Integer> a = env.call("a", b::await);
            env.until(() -> b.waiting() == 1, "a waits");
            a.interrupt();
            assertInstanceOf(InterruptedException.class, a.failure());
            assertEquals(0, b.waiting());
            assertFalse(b.isBroken());
            Spawned<Integer> c = env.call("c", b::await);
            env.until(() -> b.waiting() == 1, "c waits");
            assertEquals(1, b.await());
            assertEquals(0, c.join());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void timedAwaitTimesOutWithoutBreaking(Mode mode) throws Exception {
        mode.run(env -> {
            Barrier b = new Barrier(2);
            assertThrows(TimeoutException.class, () -> b.await(Duration.ofMillis(10)));
            assertThrows(TimeoutException.class, () -> b.await(Duration.ZERO));
            assertFalse(b.isBroken());
            assertEquals(0, b.waiting());
            Barrier one = new Barrier(1);
            assertEquals(0, one.await(Duration.ZERO), "a one-party round completes at once");
            assertEquals(0, one.await());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void badArgumentsAreRefused(Mode mode) throws Exception {
        mode.run(env -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
            assertTrue(e.getMessage().contains("parties must be >= 1, got 0"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Barrier("b", -2));
            Barrier b = new Barrier(2);
            assertThrows(NullPointerException.class, () -> b.await(null));
            assertEquals(0, b.waiting());
        });
    }
}
