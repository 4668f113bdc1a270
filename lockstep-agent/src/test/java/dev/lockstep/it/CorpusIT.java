package dev.lockstep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With the agent, pct(3) finds every bug of the corpus within 2,000 schedules, and none in its fixes, not even a data
 * race.
 */
class CorpusIT {

    static List<Corpus.Pair> pairs() {
        return Corpus.all();
    }

    private static Explorer explorer(Corpus.Pair p, boolean races) {
        // The static counter shares a static field between runs: one run at a time, as for any such scenario.
        return Explorer.builder().strategy(Strategy.pct(3)).seed(42).iterations(2000).races(races)
                .parallelism(p.name().startsWith("static") ? 1 : 2).build();
    }

    private static Scenario scenario(Corpus.Program program) {
        return program::run;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void theBugIsFoundAndReplays(Corpus.Pair p) {
        // The bugs are found as the failures the programs assert, with the race detector off (RacesIT checks it).
        Report r = explorer(p, false).explore(scenario(p.buggy()));
        Failure f = r.failure().orElseThrow(() -> new AssertionError(p.name() + " not found: " + r.summary()));
        assertTrue(r.iterations() <= 2000);
        Report again = Explorer.builder().races(false).build().replay(scenario(p.buggy()), f.schedule());
        assertEquals(f.kind(), again.failure().orElseThrow(() -> new AssertionError(again.summary())).kind(),
                again.summary());
        assertEquals(f.trace().toText(), again.failure().orElseThrow().trace().toText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void theFixPasses(Corpus.Pair p) {
        // The fixes are correct under the memory model too: the race detector, on, finds nothing.
        Report r = explorer(p, true).explore(scenario(p.fixed()));
        assertFalse(r.failed(), r.summary());
        assertTrue(r.model().contains("instrumented"), r.model());
    }
}
