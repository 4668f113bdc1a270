package dev.lockstep.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.sync.Event;
import dev.lockstep.sync.Mutex;
import dev.lockstep.task.Checkpoint;
import dev.lockstep.task.Clock;
import dev.lockstep.task.TaskGroup;
import dev.lockstep.task.Timeout;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExplorerTest {

    private static Explorer explorer(Strategy s, int iterations) {
        return Explorer.builder().strategy(s).seed(1).iterations(iterations).build();
    }

    @Test
    void shrinkingLeavesAsManyPreemptionsAsTheLostUpdateNeeds() {
        // Random walks switch tasks at almost every point; the lost update needs one switch.
        for (long seed = 1; seed <= 5; seed++) {
            Report r = Explorer.builder().strategy(Strategy.random()).seed(seed).build()
                    .explore(Bugs.lostUpdateYield());
            Failure f = r.failure().orElseThrow();
            assertEquals(1, f.preemptions(), r.summary());
            assertTrue(f.originalPreemptions() >= f.preemptions());
            assertTrue(f.steps() <= f.originalSteps());
            assertEquals(1, f.trace().steps().stream().filter(s -> s.kind() == Step.Kind.PREEMPTED).count());
        }
    }

    @Test
    void theSameSeedGivesTheSameFailure() {
        Report a = explorer(Strategy.pct(3), 1000).explore(Bugs.lostUpdateSleep());
        Report b = explorer(Strategy.pct(3), 1000).explore(Bugs.lostUpdateSleep());
        assertEquals(a.failure().orElseThrow().schedule(), b.failure().orElseThrow().schedule());
        assertEquals(a.failure().orElseThrow().iteration(), b.failure().orElseThrow().iteration());
        assertEquals(1, a.seed());
    }

    @Test
    void aDeadlockIsReportedWithItsWaitForCycle() {
        Failure f = explorer(Strategy.pct(3), 1000).explore(Bugs.abba(false)).failure().orElseThrow();
        assertEquals(Failure.Kind.DEADLOCK, f.kind());
        String m = f.message();
        assertTrue(m.startsWith("deadlock: left -> Mutex \"b\" -> right -> Mutex \"a\" -> left")
                || m.startsWith("deadlock: right -> Mutex \"a\" -> left -> Mutex \"b\" -> right"), m);
        assertTrue(m.contains("left   waits for Mutex \"b\", held by right"), m);
        assertTrue(m.contains("main   waits for TaskGroup of main"), m);
    }

    @Test
    void aLivelockHitsTheStepLimit() {
        Scenario politeness = () -> {
            boolean[] ready = {false, false};
            try (TaskGroup g = TaskGroup.open()) {
                for (int me = 0; me < 2; me++) {
                    int self = me;
                    g.spawn(() -> {
                        while (!ready[1 - self]) { // each waits, politely yielding, for the other to go first
                            Checkpoint.yieldNow();
                        }
                        ready[self] = true;
                        return null;
                    });
                }
            }
        };
        Report r = Explorer.builder().strategy(Strategy.random()).seed(3).maxSteps(400).build().explore(politeness);
        Failure f = r.failure().orElseThrow();
        assertEquals(Failure.Kind.STEP_LIMIT, f.kind(), r.summary());
        assertTrue(f.message().contains("400 steps"), f.message());
    }

    @Test
    void tasksLeftRunningWhenTheScenarioReturnsAreALeak() {
        Scenario forgetful = () -> {
            Event never = new Event("never");
            Thread.ofVirtual().name("orphan").start(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    // cancelled when the explorer winds the run down
                }
            });
            Checkpoint.yieldNow();
        };
        Failure f = explorer(Strategy.dfs(1), 100).explore(forgetful).failure().orElseThrow();
        assertEquals(Failure.Kind.LEAKED_TASK, f.kind());
        assertTrue(f.message().contains("orphan"), f.message());
    }

    @Test
    void anUncaughtExceptionInAChildThreadFailsTheRun() {
        Scenario child = () -> {
            Thread t = Thread.ofVirtual().name("child").start(() -> {
                throw new IllegalStateException("boom in child");
            });
            t.join();
        };
        Failure f = explorer(Strategy.random(), 10).explore(child).failure().orElseThrow();
        assertEquals(Failure.Kind.EXCEPTION, f.kind());
        assertEquals("child: java.lang.IllegalStateException: boom in child", f.message());
        assertInstanceOf(IllegalStateException.class, f.cause().orElseThrow());
    }

    @Test
    void virtualTimeMakesAnHourOfSleepingCostNothing() {
        long[] elapsed = new long[1];
        Scenario sleepy = () -> {
            long start = Clock.nanoTime();
            Mutex m = new Mutex();
            try (TaskGroup g = TaskGroup.open()) {
                g.spawn("holder", () -> {
                    m.lock();
                    Clock.sleep(Duration.ofHours(1));
                    m.unlock();
                    return null;
                });
                g.spawn("impatient", () -> {
                    Checkpoint.yieldNow();
                    boolean got = m.tryLock(Duration.ofMinutes(30));
                    if (got) {
                        m.unlock();
                    }
                    return got;
                });
            }
            elapsed[0] = Clock.nanoTime() - start;
        };
        Report r = explorer(Strategy.dfs(2), 10_000).explore(sleepy);
        assertFalse(r.failed(), r.summary());
        assertTrue(r.exhausted());
        assertEquals(Duration.ofHours(1).toNanos(), elapsed[0], "the clock moved exactly an hour, virtually");
        assertEquals(Duration.ZERO, r.realTimeWaited(), "no real time was spent waiting");
    }

    @Test
    void aTimeoutExpiresInVirtualTime() {
        Scenario s = () -> {
            Event never = new Event("never");
            long start = Clock.nanoTime();
            try {
                Timeout.run(Duration.ofMinutes(10), never::await);
                throw new AssertionError("the timeout did not expire");
            } catch (TimeoutException expected) {
                if (Clock.nanoTime() - start != Duration.ofMinutes(10).toNanos()) {
                    throw new AssertionError("expired at the wrong time");
                }
            }
        };
        Report r = explorer(Strategy.random(), 20).explore(s);
        assertFalse(r.failed(), r.summary());
    }

    @Test
    void realTimeWaitsAreAllowedAndReported() {
        Scenario s = () -> Thread.sleep(20);
        Report r = explorer(Strategy.random(), 2).explore(s);
        assertFalse(r.failed(), r.summary());
        assertTrue(r.realTimeWaited().toMillis() >= 20, r.realTimeWaited().toString());
        assertTrue(r.summary().contains("of real time"), r.summary());
        assertTrue(r.summary().contains("main waits with a timeout"), "says where: " + r.summary());
    }

    @Test
    void replayingAScheduleTheRunCannotFollowIsNondeterminism() {
        Report r = Explorer.builder().build().replay(Bugs.lostUpdateYield(), "1:3*40");
        Failure f = r.failure().orElseThrow();
        assertEquals(Failure.Kind.NONDETERMINISM, f.kind());
        assertTrue(f.message().contains("expects task #3 (not started yet) to run, but it cannot"), f.message());
    }

    @Test
    void aScenarioThatChangesBetweenRunsIsCaughtOnReplay() {
        AtomicInteger runs = new AtomicInteger();
        Scenario drifting = () -> {
            int tasks = runs.incrementAndGet() == 1 ? 2 : 3; // the second run is not the first one
            Bugs.fanOut(tasks, Checkpoint::yieldNow);
        };
        Report first = Explorer.builder().strategy(Strategy.random()).seed(5).iterations(1).build().explore(drifting);
        assertFalse(first.failed());
        Report r = Explorer.builder().build().replay(drifting, "1:0.1.2.0");
        Failure f = r.failure().orElseThrow();
        assertEquals(Failure.Kind.NONDETERMINISM, f.kind(), r.summary());
    }

    @Test
    void aPlatformThreadTouchingTheScenarioIsReported() {
        Scenario escaping = () -> {
            Event ready = new Event("ready");
            Thread outside = Thread.ofPlatform().name("outside").start(ready::set);
            ready.await();
            outside.join();
        };
        Failure f = explorer(Strategy.random(), 5).explore(escaping).failure().orElseThrow();
        assertEquals(Failure.Kind.NONDETERMINISM, f.kind());
        assertTrue(f.message().contains("thread \"outside\", which the explorer does not control"), f.message());
    }

    @Test
    void dfsVerifiesASmallScenarioAndStopsWhenExhausted() {
        Report r = explorer(Strategy.dfs(1), 100_000).explore(() -> Bugs.fanOut(2, Checkpoint::yieldNow));
        assertTrue(r.exhausted(), r.summary());
        assertEquals("exhausted", r.stoppedBy());
        Report none = explorer(Strategy.dfs(0), 100_000).explore(() -> Bugs.fanOut(2, Checkpoint::yieldNow));
        assertTrue(none.exhausted());
        assertTrue(none.iterations() < r.iterations(), "a larger bound explores more schedules");
        assertTrue(r.summary().startsWith("Verified: dfs(1) ran all"), r.summary());
    }

    @Test
    void assertNoFailureCarriesKindTraceAndReplay() {
        Report r = explorer(Strategy.pct(3), 1000).explore(Bugs.lostUpdateYield());
        AssertionError e = assertThrows(AssertionError.class, r::assertNoFailure);
        String m = e.getMessage();
        assertTrue(m.contains("ASSERTION"), m);
        assertTrue(m.contains("expected counter == 3"), m);
        assertTrue(m.contains("preempted"), m);
        assertTrue(m.contains("replay(scenario, \"" + r.failure().orElseThrow().schedule() + "\")"), m);
        assertTrue(r.toJson().contains("\"kind\":\"ASSERTION\""), r.toJson());
        explorer(Strategy.dfs(2), 100_000).explore(Bugs.lostUpdateFixed()).assertNoFailure();
    }

    @Test
    void theTimeLimitStopsAnExplorationWithoutAFailure() {
        Report r = Explorer.builder().strategy(Strategy.random()).iterations(Integer.MAX_VALUE)
                .timeLimit(Duration.ofMillis(200)).build().explore(Bugs.lostUpdateFixed());
        assertFalse(r.failed());
        assertEquals("time limit", r.stoppedBy());
    }

    @Test
    void exploringFromAVirtualThreadWorks() throws Exception {
        Report[] r = new Report[1];
        Thread.ofVirtual().start(() -> r[0] = explorer(Strategy.pct(3), 1000).explore(Bugs.lostUpdateYield())).join();
        assertTrue(r[0].failed());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Explorer.builder().iterations(0));
        assertThrows(IllegalArgumentException.class, () -> Explorer.builder().maxSteps(0));
        assertThrows(IllegalArgumentException.class, () -> Explorer.builder().timeLimit(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> Explorer.builder().strategy(null));
        assertThrows(IllegalArgumentException.class, () -> Strategy.pct(0));
        assertThrows(IllegalArgumentException.class, () -> Strategy.dfs(-1));
        Explorer e = Explorer.builder().build();
        assertThrows(NullPointerException.class, () -> e.explore(null));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> e.replay(Bugs.lostUpdateYield(), "0,1,2"));
        assertTrue(bad.getMessage().contains("not a Lockstep schedule"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.replay(Bugs.lostUpdateYield(), "1:0.x"));
        assertEquals("pct(3)", Strategy.pct(3).describe());
        assertEquals("dfs(2)", Strategy.dfs(2).describe());
        assertEquals("random", Strategy.random().describe());
    }
}
