package dev.lockstep.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Strategy;
import dev.lockstep.junit.ExploreTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed's question 3, how to test for races: parameterize, and force switches at the suspension points. The
 * explorer does the forcing; JUnit does the parameters.
 */
class RaceTestingTest {

    /** Each parameter set is explored exhaustively: the Mutex version never loses an update. */
    @ParameterizedTest(name = "{0} tasks")
    @ValueSource(ints = {1, 2, 3})
    @ExploreTest(strategy = "dfs", maxPreemptions = 2, iterations = 100_000)
    void theMutexVersionNeverLosesAnUpdate(int tasks) throws Exception {
        LostUpdate.better(tasks).run();
    }

    /** The racy version: one task alone is fine; two or more lose updates, and the explorer shows how. */
    @ParameterizedTest(name = "{0} tasks")
    @ValueSource(ints = {1, 2, 3, 4})
    void theRacyVersionFailsAsSoonAsTwoTasksShareTheCounter(int tasks) {
        Report r = Explorer.builder().strategy(Strategy.dfs(1)).iterations(100_000).build()
                .explore(LostUpdate.bad(tasks));
        assertEquals(tasks > 1, r.failed(), r.summary());
    }
}
