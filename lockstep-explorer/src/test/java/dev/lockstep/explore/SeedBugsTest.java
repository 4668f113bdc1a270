package dev.lockstep.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bug of the explorer issue is found, and then found again, step for step, on replay; each fixed version passes
 * an exhaustive {@code dfs} search.
 */
class SeedBugsTest {

    static Stream<Arguments> bugs() {
        return Stream.of(
                Arguments.of("lost update (Checkpoint.yieldNow)", Bugs.lostUpdateYield(), Failure.Kind.ASSERTION),
                Arguments.of("lost update (Clock.sleep)", Bugs.lostUpdateSleep(), Failure.Kind.ASSERTION),
                Arguments.of("lost update (j.u.c, executor)", Bugs.lostUpdateJuc(), Failure.Kind.ASSERTION),
                Arguments.of("check-then-act on a map", Bugs.checkThenAct(), Failure.Kind.ASSERTION),
                Arguments.of("Condition with if", Bugs.conditionIf(false), Failure.Kind.EXCEPTION),
                Arguments.of("Condition with if (j.u.c)", Bugs.conditionIfJuc(), Failure.Kind.EXCEPTION),
                Arguments.of("ABBA deadlock", Bugs.abba(false), Failure.Kind.DEADLOCK),
                Arguments.of("ABBA deadlock (j.u.c)", Bugs.abbaJuc(), Failure.Kind.DEADLOCK),
                Arguments.of("permit leaked on an exception path", Bugs.leakedPermit(false), Failure.Kind.DEADLOCK),
                Arguments.of("permit leaked (j.u.c)", Bugs.leakedPermitJuc(), Failure.Kind.DEADLOCK),
                Arguments.of("join without taskDone", Bugs.forgottenTaskDone(false), Failure.Kind.DEADLOCK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugs")
    void foundWithEachStrategyAndFoundAgainOnReplay(String name, Scenario bug, Failure.Kind kind) {
        for (Strategy strategy : new Strategy[] {Strategy.pct(3), Strategy.random(), Strategy.dfs(2)}) {
            Report report = Explorer.builder().strategy(strategy).seed(7).iterations(5_000).build().explore(bug);
            assertTrue(report.failed(), name + " not found by " + strategy + ": " + report.summary());
            Failure f = report.failure().orElseThrow();
            assertEquals(kind, f.kind(), report.summary());

            Report again = Explorer.builder().build().replay(bug, f.schedule());
            assertTrue(again.failed(), "replay of " + f.schedule() + " did not fail: " + again.summary());
            Failure g = again.failure().orElseThrow();
            assertEquals(kind, g.kind());
            assertEquals(f.message(), g.message());
            assertEquals(f.trace().toText(), g.trace().toText(), "the replay follows the same steps");
        }
    }

    static Stream<Arguments> fixes() {
        return Stream.of(
                Arguments.of("lost update, Mutex", Bugs.lostUpdateFixed()),
                Arguments.of("check-then-act, Mutex", Bugs.checkThenActFixed()),
                Arguments.of("Condition with awaitUntil", Bugs.conditionIf(true)),
                Arguments.of("locks in one order", Bugs.abba(true)),
                Arguments.of("permit in try-with-resources", Bugs.leakedPermit(true)),
                Arguments.of("taskDone for every item", Bugs.forgottenTaskDone(true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixes")
    void fixedVersionsAreVerifiedExhaustively(String name, Scenario fixed) {
        Report report = Explorer.builder().strategy(Strategy.dfs(2)).iterations(200_000).build().explore(fixed);
        assertFalse(report.failed(), report.summary());
        assertTrue(report.exhausted(), name + ": " + report.summary());
        assertTrue(report.iterations() > 1, "more than one schedule was explored");
    }

    /**
     * A fix with a JDK lock passes too, but without the agent its uncontended lock and unlock are no scheduling
     * points: the search is not a verification, and the report says so and how to make it one.
     */
    @org.junit.jupiter.api.Test
    void aFixWithAJdkLockIsNotCalledVerifiedWithoutTheAgent() {
        Report report = Explorer.builder().strategy(Strategy.dfs(2)).iterations(200_000).build()
                .explore(Bugs.lostUpdateJucFixed());
        assertFalse(report.failed(), report.summary());
        assertFalse(report.exhausted(), report.summary());
        assertEquals("Lockstep primitives and blocking calls", report.model());
        assertTrue(report.summary().startsWith("Not verified: dfs(2) ran all "), report.summary());
        assertTrue(report.summary().contains("ReentrantLock") && report.summary().contains("-javaagent:"),
                report.summary());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixes")
    void fixedVersionsSurviveManyPctRuns(String name, Scenario fixed) {
        Report report = Explorer.builder().strategy(Strategy.pct(4)).seed(11).iterations(2_000).build().explore(fixed);
        assertFalse(report.failed(), report.summary());
        assertEquals(2_000, report.iterations());
    }
}
