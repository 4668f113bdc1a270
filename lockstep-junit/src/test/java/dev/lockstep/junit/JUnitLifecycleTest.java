package dev.lockstep.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The test instance and its lifecycle come from JUnit, once per schedule: field and parameter injection, {@code
 * @Nested}, {@code @RepeatedTest}, {@code @BeforeAll} once, {@code @BeforeEach}/{@code @AfterEach} once per schedule.
 * The fixtures are static nested classes run through EngineTestKit, so Surefire does not run them on its own; they
 * use plain JDK concurrency, as users' tests do.
 */
class JUnitLifecycleTest {

    static final Set<Path> dirs = ConcurrentHashMap.newKeySet();
    static final AtomicInteger bodies = new AtomicInteger();
    static final AtomicInteger beforeEach = new AtomicInteger();
    static final AtomicInteger afterEach = new AtomicInteger();
    static final AtomicInteger callbacks = new AtomicInteger();
    static final AtomicInteger beforeAll = new AtomicInteger();
    static final AtomicInteger afterAll = new AtomicInteger();

    @BeforeEach
    void resetCounters() {
        for (AtomicInteger c : List.of(bodies, beforeEach, afterEach, callbacks, beforeAll, afterAll)) {
            c.set(0);
        }
        dirs.clear();
    }

    /** Two virtual threads append to a file in the injected directory, each under the lock. */
    static class TempDirField {
        @TempDir
        Path dir;

        @ExploreTest(strategy = "random", iterations = 20, seed = 7)
        void eachScheduleGetsItsOwnEmptyDirectory() throws Exception {
            bodies.incrementAndGet();
            assertNotNull(dir, "@TempDir field");
            assertTrue(dirs.add(dir), "a schedule saw another schedule's directory");
            Path file = dir.resolve("log");
            assertFalse(Files.exists(file), "the directory is not empty");
            ReentrantLock lock = new ReentrantLock();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 2; i++) {
                    pool.submit(() -> {
                        lock.lock();
                        try {
                            Files.writeString(file, "x", java.nio.file.StandardOpenOption.CREATE,
                                    java.nio.file.StandardOpenOption.APPEND);
                        } finally {
                            lock.unlock();
                        }
                        return null;
                    });
                }
            }
            assertEquals("xx", Files.readString(file));
        }
    }

    /** A resolver that hands every parameter a new list, so a list shared between schedules shows. */
    static final class FreshList implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == List.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            return new ArrayList<String>();
        }
    }

    /** Constructor and method parameters, resolved by JUnit's own resolvers and by a registered one. */
    @ExtendWith(FreshList.class)
    static class Parameters {
        final String name;
        final List<String> fromConstructor;

        Parameters(TestInfo info, List<String> fromConstructor) {
            this.name = info.getTestMethod().orElseThrow().getName();
            this.fromConstructor = fromConstructor;
        }

        @ExploreTest(strategy = "random", iterations = 20, seed = 7)
        void parametersAreResolvedForEachSchedule(List<String> fromMethod, TestInfo info) throws Exception {
            bodies.incrementAndGet();
            assertEquals("parametersAreResolvedForEachSchedule", name);
            assertEquals(name, info.getTestMethod().orElseThrow().getName());
            assertTrue(fromConstructor.isEmpty() && fromMethod.isEmpty(), "a list came back from another schedule");
            Thread t = Thread.ofVirtual().start(() -> fromMethod.add("task"));
            fromConstructor.add("body");
            t.join();
            fromConstructor.add("joined");
        }
    }

    /** Counts the lifecycle: @BeforeAll once, @BeforeEach and @AfterEach once per schedule, callbacks applied. */
    static final class CountingCallback implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            callbacks.incrementAndGet();
        }
    }

    @ExtendWith(CountingCallback.class)
    static class Lifecycle {
        int state = -1;

        @BeforeAll
        static void once() {
            beforeAll.incrementAndGet();
        }

        @AfterAll
        static void onceMore() {
            afterAll.incrementAndGet();
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

        @ExploreTest(strategy = "random", iterations = 30, seed = 3)
        void seesFreshState() throws Exception {
            bodies.incrementAndGet();
            assertEquals(0, state, "state leaked from an earlier schedule");
            Thread t = Thread.ofVirtual().start(() -> { });
            state++;
            t.join();
        }
    }

    /** @Nested: the enclosing instance is made and set up by JUnit for each schedule too. */
    static class Outer {
        int shared = -1;

        @BeforeEach
        void outerSetUp() {
            beforeEach.incrementAndGet();
            shared = 0;
        }

        @Nested
        class Inner {
            @BeforeEach
            void innerSetUp() {
                shared += 10;
            }

            @ExploreTest(strategy = "random", iterations = 20, seed = 5)
            void seesItsOwnEnclosingInstance() throws Exception {
                bodies.incrementAndGet();
                assertEquals(10, shared, "the enclosing instance came from another schedule");
                Thread t = Thread.ofVirtual().start(() -> { });
                shared++;
                t.join();
            }
        }
    }

    /** @RepeatedTest: each repetition is explored on its own, with its RepetitionInfo. */
    static class Repeated {
        @RepeatedTest(3)
        @ExploreTest(strategy = "random", iterations = 10, seed = 5)
        void eachRepetitionIsExplored(RepetitionInfo info) {
            bodies.incrementAndGet();
            assertTrue(info.getCurrentRepetition() >= 1 && info.getCurrentRepetition() <= 3);
        }
    }

    /** @TestInstance(PER_CLASS): each schedule's own instance is set up by its non-static @BeforeAll. */
    @org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
    static class PerClass {
        List<String> log;

        @BeforeAll
        void setUpTheInstance() {
            beforeAll.incrementAndGet();
            log = new ArrayList<>();
        }

        @ExploreTest(strategy = "random", iterations = 15, seed = 2)
        void usesWhatBeforeAllMade() throws Exception {
            bodies.incrementAndGet();
            assertNotNull(log, "@BeforeAll set up this schedule's instance");
            assertTrue(log.isEmpty(), "an instance shared with another schedule");
            Thread t = Thread.ofVirtual().start(() -> { });
            log.add("ran");
            t.join();
        }
    }

    /** A race in a test that JUnit sets up: found, and its replay reproduces it through JUnit too. */
    static class RacyWithTempDir {
        @TempDir
        Path dir;
        int counter;

        @ExploreTest(strategy = "pct", iterations = 500, seed = 11)
        void twoIncrements() throws Exception {
            Thread a = Thread.ofVirtual().start(this::increment);
            Thread b = Thread.ofVirtual().start(this::increment);
            a.join();
            b.join();
            assertEquals(2, counter);
        }

        void increment() {
            int read = counter;
            Thread.yield();
            counter = read + 1;
        }
    }

    /** An assumption that does not hold aborts the test, as in a @Test; it is no bug found. */
    static class Assumed {
        @ExploreTest(iterations = 5, seed = 1)
        void onlyOnAnotherMachine() {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "not on this machine");
            bodies.incrementAndGet();
        }
    }

    /** A failing @BeforeEach, in one schedule's JUnit execution, is that schedule's failure. */
    @ExtendWith(CountingCallback.class)
    static class FailingSetUp {
        @BeforeEach
        void setUp() {
            throw new IllegalStateException("set-up failed");
        }

        @ExploreTest(iterations = 5, seed = 1)
        void neverRuns() {
            bodies.incrementAndGet();
        }
    }

    private static Events run(Class<?> type) {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(type)).execute().testEvents();
        events.failed().stream().forEach(e -> System.out.println("FAILED " + e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("?")));
        return events;
    }

    private static String failure(Events events) {
        return events.failed().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow().getMessage();
    }

    @Test
    void tempDirFieldsAreInjectedFreshForEverySchedule() {
        run(TempDirField.class).assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(20, bodies.get());
        // One directory per schedule, each deleted when its schedule's JUnit execution ended.
        assertEquals(20, dirs.size());
        dirs.forEach(d -> assertFalse(Files.exists(d), "JUnit deletes each schedule's directory: " + d));
    }

    @Test
    void constructorAndMethodParametersAreResolvedByJUnit() {
        run(Parameters.class).assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(20, bodies.get());
    }

    @Test
    void beforeAllOnceAndBeforeEachOncePerSchedule() {
        run(Lifecycle.class).assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(30, bodies.get());
        assertEquals(30, beforeEach.get());
        assertEquals(30, afterEach.get());
        assertEquals(1, beforeAll.get());
        assertEquals(1, afterAll.get());
        assertTrue(callbacks.get() >= 30, "the class's extension ran for each schedule: " + callbacks.get());
    }

    @Test
    void perClassInstancesAreSetUpForEachSchedule() {
        Events events = run(PerClass.class);
        events.assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        assertEquals(15, bodies.get());
        assertEquals(16, beforeAll.get(), "once for the exploring instance, once per schedule's instance");
    }

    @Test
    void nestedClassesGetTheirEnclosingInstanceFromJUnit() {
        run(Outer.class).assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(20, bodies.get());
        assertEquals(20, beforeEach.get());
    }

    @Test
    void repeatedTestsAreExploredPerRepetition() {
        run(Repeated.class).assertStatistics(s -> s.started(3).succeeded(3));
        assertEquals(30, bodies.get());
    }

    @Test
    void aRaceInAJUnitSetUpTestIsFoundAndReplayed() {
        Events events = run(RacyWithTempDir.class);
        events.assertStatistics(s -> s.started(1).failed(1));
        String message = failure(events);
        assertTrue(message.contains("ASSERTION") && message.contains("expected: <2> but was: <1>"), message);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("@Replay\\(\"([^\"]+)\"\\)").matcher(message);
        assertTrue(m.find(), message);
        System.setProperty("lockstep.replay", m.group(1));
        try {
            String again = failure(run(RacyWithTempDir.class));
            assertTrue(again.contains("ASSERTION, after 1 schedule (replay"), again);
            assertTrue(again.contains("expected: <2> but was: <1>"), again);
        } finally {
            System.clearProperty("lockstep.replay");
        }
    }

    @Test
    void anAssumptionThatDoesNotHoldAbortsTheTest() {
        Events events = run(Assumed.class);
        events.assertStatistics(s -> s.started(1).aborted(1).failed(0));
        assertEquals(0, bodies.get());
    }

    @Test
    void aFailingSetUpIsTheScheduleFailure() {
        Events events = run(FailingSetUp.class);
        events.assertStatistics(s -> s.started(1).failed(1));
        String message = failure(events);
        assertTrue(message.contains("EXCEPTION") && message.contains("set-up failed"), message);
        assertEquals(0, bodies.get());
    }
}
