package dev.lockstep.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Strategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every self-verification scenario again, with the agent attached (the scenarios' own fields are scheduling points)
 * and its race detector on: the primitives order everything the scenarios share, so no run reports a data race, and
 * no other failure either.
 */
class CatalogRacesIT {

    static List<Catalog.Check> checks() {
        return Catalog.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void noDataRace(Catalog.Check check) {
        Report r = Explorer.builder().strategy(Strategy.pct(3)).seed(5).iterations(200).maxSteps(100_000)
                .timeLimit(Duration.ofMinutes(1)).build().explore(check.scenario().apply(check.dfsSize()));
        assertTrue(r.model().contains("data races"), r.model());
        assertFalse(r.failed(), check + ": " + r.summary());
    }
}
