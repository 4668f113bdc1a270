package dev.lockstep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of scheduling point the agent adds, each by a plain Java program: the bug is found and replays, and the
 * fix is verified by an exhaustive search within two preemptions.
 */
// These programs race on plain fields on purpose, as most users' first bugs do: the scheduling they check is seen
// with the race detector off (races(false)); RacesIT checks the detector.
class SchedulingPointsIT {

    /** The kinds, and the corpus programs that stand for the kinds this class does not write again. */
    static List<Corpus.Pair> kinds() {
        List<Corpus.Pair> all = new ArrayList<>(Kinds.all());
        for (Corpus.Pair p : Corpus.all()) {
            switch (p.name()) {
                case "plain counter, two threads", "array element", "AtomicInteger get then set",
                        "ConcurrentHashMap get then put", "CountDownLatch counting too few",
                        "Semaphore with one permit too many", "barrier parties miscounted", "result read without join",
                        "flag raised before the data", "wait with if, two consumers",
                        "Condition.await with if, two consumers" -> all.add(p);
                default -> { }
            }
        }
        return all;
    }

    private static Scenario scenario(Corpus.Program program) {
        return program::run;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theBugIsFoundAndReplays(Corpus.Pair p) {
        Report r = Explorer.builder().races(false).strategy(Strategy.pct(3)).seed(7).iterations(2000).build()
                .explore(scenario(p.buggy()));
        Failure f = r.failure().orElseThrow(() -> new AssertionError(p.name() + " not found: " + r.summary()));
        Report again = Explorer.builder().races(false).build().replay(scenario(p.buggy()), f.schedule());
        Failure g = again.failure().orElseThrow(() -> new AssertionError(again.summary()));
        assertEquals(f.kind(), g.kind());
        assertEquals(f.message(), g.message());
        assertEquals(f.trace().toText(), g.trace().toText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theFixIsVerifiedExhaustively(Corpus.Pair p) {
        Report r = Explorer.builder().races(false).strategy(Strategy.dfs(2)).iterations(1_000_000).timeLimit(Duration.ofMinutes(2))
                .build().explore(scenario(p.fixed()));
        assertFalse(r.failed(), r.summary());
        assertTrue(r.exhausted(), "not exhausted: " + r.summary());
        assertTrue(r.summary().startsWith("Verified"), r.summary());
    }
}
