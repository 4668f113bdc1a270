package dev.lockstep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import dev.lockstep.task.Checkpoint;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** What a new user tried on ordinary Java, with the agent attached: each is found, or passes, and nothing hangs. */
// These programs race on plain fields on purpose, as most users' first bugs do: the scheduling they check is seen
// with the race detector off (races(false)); RacesIT checks the detector.
class NewUserCasesIT {

    static final class Counter {
        int count;
    }

    static final class Stop {
        boolean stop;
        boolean ready;
    }

    private static Report explore(Strategy s, Scenario scenario) {
        return Explorer.builder().races(false).strategy(s).seed(3).iterations(2000).timeLimit(Duration.ofSeconds(20)).build()
                .explore(scenario);
    }

    @Test
    void twoReentrantLocksInOppositeOrdersDeadlockWithTheirCycleDrawn() {
        Scenario s = () -> {
            ReentrantLock a = new ReentrantLock();
            ReentrantLock b = new ReentrantLock();
            Corpus.together(() -> {
                a.lock();
                b.lock();
                b.unlock();
                a.unlock();
            }, () -> {
                b.lock();
                a.lock();
                a.unlock();
                b.unlock();
            });
        };
        for (Strategy strategy : new Strategy[] {Strategy.dfs(3), Strategy.pct(3)}) {
            Failure f = explore(strategy, s).failure().orElseThrow();
            assertEquals(Failure.Kind.DEADLOCK, f.kind(), f.message());
            assertTrue(f.message().startsWith("deadlock: t"), f.message());
            assertTrue(f.message().contains("ReentrantLock#"), f.message());
            assertTrue(f.message().contains("cycle:"), f.message());
        }
    }

    @Test
    void twoSynchronizedBlocksInOppositeOrdersDeadlockWithTheirCycleDrawn() {
        Scenario s = () -> {
            Object a = new Object();
            Object b = new Object();
            Corpus.together(() -> {
                synchronized (a) {
                    synchronized (b) {
                        Corpus.totalStatic += 0;
                    }
                }
            }, () -> {
                synchronized (b) {
                    synchronized (a) {
                        Corpus.totalStatic += 0;
                    }
                }
            });
        };
        Failure f = explore(Strategy.dfs(3), s).failure().orElseThrow();
        assertEquals(Failure.Kind.DEADLOCK, f.kind(), f.message());
        assertTrue(f.message().contains("Object#") && f.message().contains("cycle:"), f.message());
        assertTrue(f.trace().toText().contains("enters synchronized (Object#"), f.trace().toText());
    }

    @Test
    void countPlusPlusOnAPlainFieldIsFoundWithTheReadsAndWritesInTheTrace() {
        Scenario s = () -> {
            Counter c = new Counter();
            Corpus.together(() -> c.count++, () -> c.count++);
            Corpus.check(c.count == 2, "lost an update: " + c.count);
        };
        Failure f = explore(Strategy.pct(3), s).failure().orElseThrow();
        assertEquals(Failure.Kind.ASSERTION, f.kind());
        String trace = f.trace().toText();
        assertTrue(trace.contains("reads NewUserCasesIT.Counter.count (0)"), trace);
        assertTrue(trace.contains("writes NewUserCasesIT.Counter.count (1)"), trace);
    }

    @Test
    void aTaskSpinningForEverEndsInAStepLimitWithinTheTimeLimit() {
        Scenario s = () -> {
            Stop stop = new Stop();
            Thread spinner = Thread.ofVirtual().name("spinner").start(() -> {
                while (!stop.stop) {
                    // nobody sets it
                }
            });
            spinner.join();
        };
        long start = System.nanoTime();
        Report r = Explorer.builder().races(false).strategy(Strategy.pct(3)).seed(1).maxSteps(2000)
                .timeLimit(Duration.ofSeconds(20)).build().explore(s);
        assertEquals(Failure.Kind.STEP_LIMIT, r.failure().orElseThrow().kind(), r.summary());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "within the time limit");
    }

    @Test
    void aSpinWaitThatAnotherTaskEndsIsNoFailure() {
        Scenario s = () -> {
            Stop stop = new Stop();
            Corpus.together(() -> {
                while (!stop.stop) {
                    // spins until the other task sets the flag
                }
            }, () -> stop.stop = true);
        };
        for (Strategy strategy : new Strategy[] {Strategy.pct(3), Strategy.random(), Strategy.dfs(0)}) {
            Report r = explore(strategy, s);
            assertFalse(r.failed(), strategy + ": " + r.summary());
        }
    }

    @Test
    void pollingWithYieldsIsNoLivelock() {
        Scenario withThreadYield = () -> {
            Stop flag = new Stop();
            Corpus.together(() -> {
                while (!flag.ready) {
                    Thread.yield();
                }
            }, () -> flag.ready = true);
        };
        Scenario withCheckpoint = () -> {
            Stop flag = new Stop();
            Corpus.together(() -> {
                while (!flag.ready) {
                    Checkpoint.yieldNow();
                }
            }, () -> flag.ready = true);
        };
        for (Scenario s : new Scenario[] {withThreadYield, withCheckpoint}) {
            for (Strategy strategy : new Strategy[] {Strategy.pct(3), Strategy.dfs(0), Strategy.dfs(2)}) {
                Report r = explore(strategy, s);
                assertFalse(r.failed(), strategy + ": " + r.summary());
            }
        }
    }

    @Test
    void timedLatchWaitsInALoopAreNoDeadlock() {
        Scenario s = () -> {
            CountDownLatch go = new CountDownLatch(1);
            Corpus.together(() -> {
                while (!go.await(1, TimeUnit.MILLISECONDS)) {
                    // polls with a timeout
                }
            }, () -> {
                while (!go.await(1, TimeUnit.MILLISECONDS)) {
                    go.countDown();
                }
            });
        };
        Report r = Explorer.builder().races(false).strategy(Strategy.random()).seed(5).iterations(300).build().explore(s);
        assertFalse(r.failed(), r.summary());
    }
}
