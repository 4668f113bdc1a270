package dev.lockstep.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.lockstep.sync.Guard;
import dev.lockstep.sync.Mutex;
import dev.lockstep.task.Checkpoint;
import dev.lockstep.task.TaskGroup;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension, tested through JUnit's EngineTestKit on test classes that are meant to fail. Those classes are nested
 * and static, so Surefire does not run them on its own.
 */
class ExploreExtensionTest {

    static int racyCounter;

    static void incrementThreeTimesRacily() {
        try (TaskGroup g = TaskGroup.open()) {
            for (int i = 0; i < 3; i++) {
                g.spawn(() -> {
                    int t = racyCounter;
                    Checkpoint.yieldNow();
                    racyCounter = t + 1;
                    return null;
                });
            }
        }
    }

    /** A race, found: the test fails with kind, trace and replay line. */
    static class LostUpdate {
        @BeforeEach
        void reset() {
            racyCounter = 0;
        }

        @ExploreTest(seed = 42)
        void counterCountsEveryIncrement() {
            incrementThreeTimesRacily();
            assertEquals(3, racyCounter);
        }
    }

    /** The fix, verified exhaustively. */
    static class FixedCounter {
        int counter;
        final Mutex lock = new Mutex("counter");

        @ExploreTest(strategy = "dfs", maxPreemptions = 2, iterations = 100_000)
        void counterCountsEveryIncrement() {
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < 3; i++) {
                    g.spawn(() -> {
                        try (Guard held = lock.acquire()) {
                            int t = counter;
                            Checkpoint.yieldNow();
                            counter = t + 1;
                        }
                        return null;
                    });
                }
            }
            assertEquals(3, counter);
        }
    }

    /** Counts lifecycle calls: each run must see a fresh instance set up by @BeforeEach. */
    static class Lifecycle {
        static final AtomicInteger instances = new AtomicInteger();
        static final AtomicInteger beforeEach = new AtomicInteger();
        static final AtomicInteger afterEach = new AtomicInteger();
        static final AtomicInteger bodies = new AtomicInteger();
        int state = -1;

        Lifecycle() {
            instances.incrementAndGet();
        }

        @BeforeEach
        void setUp() {
            beforeEach.incrementAndGet();
            state = 0;
        }

        @AfterEach
        void tearDown() {
            afterEach.incrementAndGet();
        }

        @ExploreTest(strategy = "random", iterations = 25, seed = 1)
        void seesFreshState() {
            bodies.incrementAndGet();
            assertEquals(0, state, "state leaked from an earlier run");
            state++;
            Checkpoint.yieldNow();
        }
    }

    /** Parameterization plus forced switches: only the runs with more than one task can lose an update. */
    static class Parameterized {
        int counter;

        @ParameterizedTest(name = "{0} tasks")
        @ValueSource(ints = {1, 2, 3})
        @ExploreTest(strategy = "dfs", maxPreemptions = 1, iterations = 10_000)
        void everyIncrementCounts(int tasks) {
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < tasks; i++) {
                    g.spawn(() -> {
                        int t = counter;
                        Checkpoint.yieldNow();
                        counter = t + 1;
                        return null;
                    });
                }
            }
            assertEquals(tasks, counter);
        }
    }

    /** A replay of the schedule that LostUpdate's seed finds, given in the annotation. */
    static class Replayed {
        @BeforeEach
        void reset() {
            racyCounter = 0;
        }

        @ExploreTest
        @Replay("1:0*3.2*2.3.1*2")
        void replaysTheGivenSchedule() {
            incrementThreeTimesRacily();
            assertEquals(3, racyCounter);
        }
    }

    private static Events tests(Class<?> type) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(type)).execute().testEvents();
    }

    @Test
    void aRaceFailsTheTestWithKindTraceAndReplayLine() {
        Events events = tests(LostUpdate.class);
        events.assertStatistics(s -> s.started(1).failed(1).succeeded(0));
        Throwable t = events.failed().stream().findFirst().orElseThrow().getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        String m = t.getMessage();
        assertTrue(m.contains("ASSERTION"), m);
        assertTrue(m.contains("preempted"), m);
        assertTrue(m.contains("Smallest failing interleaving, 1 preemption"), m);
        assertTrue(m.matches("(?s).*Replay it: annotate counterCountsEveryIncrement with @Replay\\(\"1:[0-9.*]+\"\\).*"),
                m);
    }

    @Test
    void theReplayLineReproducesTheFailure() {
        String message = failureMessage(tests(LostUpdate.class));
        Matcher schedule = Pattern.compile("@Replay\\(\"([^\"]+)\"\\)").matcher(message);
        assertTrue(schedule.find(), message);
        System.setProperty("lockstep.replay", schedule.group(1));
        try {
            Events replay = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectMethod(LostUpdate.class, "counterCountsEveryIncrement")).execute().testEvents();
            replay.assertStatistics(s -> s.started(1).failed(1));
            String again = failureMessage(replay);
            assertEquals(trace(message), trace(again), "the replay shows the same interleaving");
        } finally {
            System.clearProperty("lockstep.replay");
        }
    }

    @Test
    void anAtReplayAnnotationRunsThatScheduleOnce() {
        Events events = tests(Replayed.class);
        events.assertStatistics(s -> s.started(1).failed(1));
        String m = failureMessage(events);
        assertTrue(m.contains("ASSERTION, after 1 schedule (replay"), m);
        assertTrue(m.contains("expected: <3> but was: <2>"), m);
    }

    @Test
    void theFixIsVerifiedAndReportedAsOneTest() {
        Events events = tests(FixedCounter.class);
        events.assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        List<Event> entries = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FixedCounter.class))
                .execute().allEvents().reportingEntryPublished().list();
        assertTrue(entries.toString().contains("Verified: dfs(2) ran all"), entries.toString());
    }

    @Test
    void theShardPropertyRunsOnePartAndSaysSo() {
        int total = 0;
        try {
            for (int i = 1; i <= 2; i++) {
                System.setProperty("lockstep.shard", i + "/2");
                List<Event> entries = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FixedCounter.class))
                        .execute().allEvents().reportingEntryPublished().list();
                Matcher m = Pattern.compile("ran all (\\d+) schedules").matcher(entries.toString());
                assertTrue(entries.toString().contains("dfs(2) shard " + i + "/2") && m.find(), entries.toString());
                total += Integer.parseInt(m.group(1));
            }
        } finally {
            System.clearProperty("lockstep.shard");
        }
        List<Event> whole = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FixedCounter.class))
                .execute().allEvents().reportingEntryPublished().list();
        Matcher m = Pattern.compile("ran all (\\d+) schedules").matcher(whole.toString());
        assertTrue(m.find(), whole.toString());
        assertEquals(Integer.parseInt(m.group(1)), total, "the two shards ran the whole search between them");
    }

    @Test
    void eachRunGetsAFreshInstanceWithItsLifecycle() {
        Lifecycle.instances.set(0);
        Lifecycle.beforeEach.set(0);
        Lifecycle.afterEach.set(0);
        Lifecycle.bodies.set(0);
        tests(Lifecycle.class).assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(25, Lifecycle.bodies.get());
        // One instance per run, plus the one JUnit makes for the test itself, which only explores: the lifecycle
        // methods run once per run and never around the exploring itself.
        assertEquals(26, Lifecycle.instances.get());
        assertEquals(25, Lifecycle.beforeEach.get());
        assertEquals(25, Lifecycle.afterEach.get());
    }

    @Test
    void parameterizedTestsAreExploredPerParameter() {
        Events events = tests(Parameterized.class);
        events.assertStatistics(s -> s.started(3).succeeded(1).failed(2));
        String names = events.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList().toString();
        assertTrue(names.contains("2 tasks") && names.contains("3 tasks"), names);
    }

    private static String failureMessage(Events events) {
        return events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
    }

    private static String trace(String message) {
        int start = message.indexOf("step |");
        int end = message.indexOf("Replay it");
        return message.substring(start, end);
    }
}
