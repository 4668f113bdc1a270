package dev.lockstep.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.sync.Mutex;
import dev.lockstep.task.Checkpoint;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Without the agent a task that never reaches a scheduling point keeps the explorer's carrier: the exploration still
 * ends at its time limit, with a STEP_LIMIT failure naming the task and where it was, and the next exploration runs
 * as if nothing had happened.
 */
class NoHangTest {

    static final class Flag {
        boolean stop; // plain, and nobody sets it
    }

    /** Holds a JDK lock that a class initialiser wants: a task blocks there while pinned to the carrier. */
    static final ReentrantLock INIT_LOCK = new ReentrantLock();

    static final class InitTakesALock {
        static final int VALUE;

        static {
            INIT_LOCK.lock(); // parks while pinned: class initialisers run under the JVM's initialisation lock
            INIT_LOCK.unlock();
            VALUE = 1;
        }
    }

    /**
     * Two workers, three times: whichever worker runs the spinning iteration 0, the other waits for its length (pct)
     * and must be released too. Once, the supervisor watched only the waiting worker, which never counts as stuck.
     */
    @org.junit.jupiter.api.RepeatedTest(3)
    void aTaskSpinningWithoutSchedulingPointsEndsInAStepLimitAtTheTimeLimit() {
        Scenario spin = () -> {
            Flag f = new Flag();
            Thread t = Thread.ofVirtual().name("spinner").start(() -> {
                while (!f.stop) {
                    Thread.onSpinWait();
                }
            });
            t.join();
        };
        long start = System.nanoTime();
        Report r = Explorer.builder().strategy(Strategy.pct(3)).seed(1).parallelism(2)
                .timeLimit(Duration.ofSeconds(1)).build().explore(spin);
        long took = System.nanoTime() - start;
        Failure f = r.failure().orElseThrow(() -> new AssertionError(r.summary()));
        assertEquals(Failure.Kind.STEP_LIMIT, f.kind());
        assertTrue(f.message().startsWith("task spinner ran on for"), f.message());
        assertTrue(f.message().contains("NoHangTest"), "names where it was: " + f.message());
        assertTrue(took < TimeUnit.SECONDS.toNanos(10), "returned soon after the time limit: " + took / 1e9 + " s");
        assertNextExplorationRunsNormally();
    }

    @Test
    void aTaskBlockedWhilePinnedEndsInAStepLimitAtTheTimeLimit() throws Exception {
        INIT_LOCK.lock();
        try {
            Scenario pinned = () -> {
                Thread t = Thread.ofVirtual().name("initialiser").start(() -> {
                    if (InitTakesALock.VALUE != 1) {
                        throw new AssertionError();
                    }
                });
                t.join();
            };
            Report r = Explorer.builder().strategy(Strategy.random()).seed(1).timeLimit(Duration.ofSeconds(1))
                    .build().explore(pinned);
            Failure f = r.failure().orElseThrow(() -> new AssertionError(r.summary()));
            assertEquals(Failure.Kind.STEP_LIMIT, f.kind(), f.message());
            assertTrue(f.message().contains("initialiser"), f.message());
        } finally {
            INIT_LOCK.unlock(); // lets the abandoned task finish its class initialiser
        }
        assertNextExplorationRunsNormally();
    }

    private static void assertNextExplorationRunsNormally() {
        Scenario fine = () -> {
            Mutex m = new Mutex("m");
            int[] counter = {0};
            Thread[] ts = new Thread[2];
            for (int i = 0; i < 2; i++) {
                ts[i] = Thread.ofVirtual().start(() -> {
                    m.lock();
                    int v = counter[0];
                    Checkpoint.yieldNow();
                    counter[0] = v + 1;
                    m.unlock();
                });
            }
            for (Thread t : ts) {
                t.join();
            }
            if (counter[0] != 2) {
                throw new AssertionError("lost an update");
            }
        };
        Report r = Explorer.builder().strategy(Strategy.dfs(2)).build().explore(fine);
        assertFalse(r.failed(), r.summary());
        assertTrue(r.exhausted(), r.summary());
    }
}
