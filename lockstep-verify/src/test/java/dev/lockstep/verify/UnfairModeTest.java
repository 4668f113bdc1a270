package dev.lockstep.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The unfair mode's one difference, found by the explorer: a thread that releases and at once takes again can
 * overtake the queued waiter. The fair mode's "no barging" check passes exhaustively (CatalogTest); the same scenario
 * on the unfair primitive fails, with the barge in its trace.
 */
class UnfairModeTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Mutex", "Semaphore"})
    void theExplorerFindsTheBargeOnlyInTheUnfairMode(String primitive) {
        Scenario fair = primitive.equals("Mutex") ? Catalog.mutexNoBarging(true) : Catalog.semaphoreNoBarging(true);
        Scenario unfair = primitive.equals("Mutex") ? Catalog.mutexNoBarging(false)
                : Catalog.semaphoreNoBarging(false);
        Explorer dfs = Explorer.builder().strategy(Strategy.dfs(3)).iterations(100_000).build();
        Report f = dfs.explore(fair);
        assertFalse(f.failed(), f.summary());
        assertTrue(f.exhausted(), f.summary());
        Report u = dfs.explore(unfair);
        assertTrue(u.failed(), "the unfair " + primitive + " lets a thread barge: " + u.summary());
        assertTrue(u.failure().orElseThrow().message().contains("overtook the queued waiter"), u.summary());
    }
}
