package dev.lockstep.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.sync.Mutex;
import dev.lockstep.task.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The result of an exploration does not depend on how many schedules run at once. */
class ParallelismTest {

    /** Five tasks append their number after a yield; the bug is the one order in 120 where they end in reverse. */
    static Scenario reverseOrder() {
        return () -> {
            List<Integer> order = new ArrayList<>();
            Thread[] ts = new Thread[5];
            for (int i = 0; i < ts.length; i++) {
                int id = i;
                ts[i] = Thread.ofVirtual().name("t" + i).start(() -> {
                    Checkpoint.yieldNow();
                    order.add(id);
                });
            }
            for (Thread t : ts) {
                t.join();
            }
            if (order.equals(List.of(4, 3, 2, 1, 0))) {
                throw new AssertionError("the tasks ended in reverse order: " + order);
            }
        };
    }

    private static Report explore(Strategy s, long seed, int parallelism, int iterations, Scenario scenario) {
        return Explorer.builder().strategy(s).seed(seed).iterations(iterations).parallelism(parallelism).build()
                .explore(scenario);
    }

    private static void assertSameFailure(Report one, Report many) {
        Failure a = one.failure().orElseThrow(() -> new AssertionError(one.summary()));
        Failure b = many.failure().orElseThrow(() -> new AssertionError(many.summary()));
        assertEquals(a.iteration(), b.iteration(), "the lowest failing iteration");
        assertEquals(one.iterations(), many.iterations(), "schedules counted");
        assertEquals(one.steps(), many.steps(), "steps of the counted schedules");
        assertEquals(a.kind(), b.kind());
        assertEquals(a.message(), b.message());
        assertEquals(a.schedule(), b.schedule(), "the shrunk schedule string");
        assertEquals(a.originalSteps(), b.originalSteps());
        assertEquals(a.trace().toText(), b.trace().toText());
    }

    @Test
    void randomReportsTheSameLateFailureWithOneAndFourWorkers() {
        Report one = explore(Strategy.random(), 1, 1, 10_000, reverseOrder());
        assertTrue(one.failure().orElseThrow().iteration() >= 100, "the seed gives a late bug: " + one.summary());
        assertSameFailure(one, explore(Strategy.random(), 1, 4, 10_000, reverseOrder()));
    }

    @Test
    void pctReportsTheSameLateFailureWithOneAndFourWorkers() {
        // Later than 64 iterations: pct's run-length estimate then comes from iterations that other workers ran.
        Report one = explore(Strategy.pct(3), 4, 1, 10_000, reverseOrder());
        assertTrue(one.failure().orElseThrow().iteration() >= 64, "a late bug: " + one.summary());
        assertSameFailure(one, explore(Strategy.pct(3), 4, 4, 10_000, reverseOrder()));
    }

    @Test
    void whenManySchedulesFailTheLowestFailingIterationIsReported() {
        // Workers find failures of neighbouring iterations at nearly the same time; the report must not depend on
        // which finished first.
        for (long seed = 1; seed <= 20; seed++) {
            for (Strategy s : List.of(Strategy.random(), Strategy.pct(2))) {
                assertSameFailure(explore(s, seed, 1, 1000, Bugs.lostUpdateYield()),
                        explore(s, seed, 4, 1000, Bugs.lostUpdateYield()));
            }
        }
    }

    @Test
    void theFailureReplaysTheSameWhoeverFoundIt() {
        Report many = explore(Strategy.random(), 1, 4, 10_000, reverseOrder());
        Failure f = many.failure().orElseThrow();
        Report replay = Explorer.builder().build().replay(reverseOrder(), f.schedule());
        assertEquals(f.trace().toText(), replay.failure().orElseThrow().trace().toText());
    }

    @Test
    void aPassingExplorationCountsTheSameWithOneAndFourWorkers() {
        Scenario fixed = () -> {
            int[] counter = {0};
            Mutex m = new Mutex("m");
            Thread[] ts = new Thread[3];
            for (int i = 0; i < 3; i++) {
                ts[i] = Thread.ofVirtual().start(() -> {
                    m.lock();
                    try {
                        int t = counter[0];
                        Checkpoint.yieldNow();
                        counter[0] = t + 1;
                    } finally {
                        m.unlock();
                    }
                });
            }
            for (Thread t : ts) {
                t.join();
            }
            Bugs.check(counter[0] == 3, "lost an update");
        };
        for (Strategy s : List.of(Strategy.random(), Strategy.pct(3), Strategy.dfs(2))) {
            Report one = explore(s, 7, 1, 3000, fixed);
            Report four = explore(s, 7, 4, 3000, fixed);
            assertFalse(one.failed(), one.summary());
            assertFalse(four.failed(), four.summary());
            assertEquals(one.iterations(), four.iterations(), s.describe());
            assertEquals(one.steps(), four.steps(), s.describe());
            assertEquals(one.exhausted(), four.exhausted(), s.describe());
        }
    }

    @Test
    void invariantsBelongToTheirRunWhenRunsOverlap() {
        Scenario s = () -> {
            int[] inside = {0};
            Invariant.always("at most one inside", () -> inside[0] <= 1);
            Bugs.fanOut(3, () -> {
                inside[0]++;
                Checkpoint.yieldNow();
                inside[0]--;
            });
        };
        Report one = explore(Strategy.pct(3), 11, 1, 1000, s);
        Report four = explore(Strategy.pct(3), 11, 4, 1000, s);
        assertSameFailure(one, four);
        assertTrue(four.failure().orElseThrow().message().contains("at most one inside"));
    }

    @Test
    void parallelismMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Explorer.builder().parallelism(0));
        assertEquals("Explorer.Builder: parallelism must be >= 1, got 0", e.getMessage());
    }
}
