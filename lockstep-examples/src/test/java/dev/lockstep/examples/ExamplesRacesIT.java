package dev.lockstep.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The examples explored with the agent attached (every field access a scheduling point) and its race detector on:
 * the correct ones report nothing, and the racy one is reported as the data race it is.
 */
class ExamplesRacesIT {

    private static Report explore(Scenario s) {
        return Explorer.builder().strategy(Strategy.pct(3)).seed(4).iterations(300).maxSteps(200_000).build()
                .explore(s);
    }

    @Test
    void theAgentAndTheDetectorAreOn() {
        Report r = explore(() -> { });
        assertTrue(r.model().contains("data races"), r.model());
    }

    @Test
    void theMutexVersionOfTheLostUpdateHasNoRace() {
        Report r = explore(LostUpdate.better(3));
        assertFalse(r.failed(), r.summary());
    }

    @Test
    void theRacyVersionIsReportedAsADataRaceOnItsCounter() {
        Report r = Explorer.builder().strategy(Strategy.dfs(0)).iterations(1).build().explore(LostUpdate.bad(2));
        Failure f = r.failure().orElseThrow(() -> new AssertionError(r.summary()));
        assertEquals(Failure.Kind.DATA_RACE, f.kind(), r.summary());
        assertTrue(f.message().startsWith("data race on LostUpdate.counter"), f.message());
    }

    @Test
    void theInitGatesHaveNoRace() {
        assertFalse(explore(() -> InitGate.gateWithEvent(20, Duration.ofMillis(50))).failed());
        Report polling = explore(() -> InitGate.gateWithPolling(20, Duration.ofMillis(50), Duration.ofMillis(5)));
        assertFalse(polling.failed(), polling.summary());
    }

    @Test
    void messagePassingHasNoRace() {
        Report r = explore(() -> CpuFanOut.messagePassing(2, 10));
        assertFalse(r.failed(), r.summary());
    }

    @Test
    void theSharedCounterLosesUpdatesWithoutADataRace() {
        // Its counter is volatile: every access is ordered, so there is no data race, yet value++ is still a
        // read and a write that another worker's write can fall between. The explorer finds the lost update.
        Scenario s = () -> {
            long v = CpuFanOut.sharedCounter(2, 2);
            if (v != 4) {
                throw new AssertionError("lost updates: " + v);
            }
        };
        assertFalse(Explorer.builder().strategy(Strategy.dfs(0)).iterations(1).build().explore(s).failed());
        Report r = explore(s);
        Failure f = r.failure().orElseThrow(() -> new AssertionError(r.summary()));
        assertEquals(Failure.Kind.ASSERTION, f.kind(), r.summary());
    }
}
