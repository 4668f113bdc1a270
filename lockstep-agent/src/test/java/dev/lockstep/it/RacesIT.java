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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The happens-before race detector under the explorer: every race of the corpus at once, none in the twins. */
class RacesIT {

    static List<RaceCorpus.Racy> racy() {
        return RaceCorpus.racy();
    }

    static List<RaceCorpus.Twin> twins() {
        return RaceCorpus.twins();
    }

    private static Scenario scenario(Corpus.Program p) {
        return p::run;
    }

    private static Failure race(Report r, String what) {
        Failure f = r.failure().orElseThrow(() -> new AssertionError(what + ": no race reported: " + r.summary()));
        assertEquals(Failure.Kind.DATA_RACE, f.kind(), what + ": " + r.summary());
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("racy")
    void everyRaceIsReportedInTheFirstSchedule(RaceCorpus.Racy c) {
        // Both racing accesses run in every schedule, so the first schedule must report the race, whatever the
        // strategy picks: no preemption at all (dfs(0), where the program's own checks pass), random, pct.
        for (Strategy s : new Strategy[] {Strategy.dfs(0), Strategy.random(), Strategy.pct(3)}) {
            for (long seed = 1; seed <= 3; seed++) {
                Report r = Explorer.builder().strategy(s).seed(seed).iterations(1).parallelism(1).build()
                        .explore(scenario(c.program()));
                Failure f = race(r, c.name() + " with " + s + ", seed " + seed);
                assertTrue(f.message().startsWith("data race on " + c.variable()), f.message());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twins")
    void noRaceIsReportedWhenSynchronizedBy(RaceCorpus.Twin t) {
        for (Strategy s : new Strategy[] {Strategy.pct(3), Strategy.random(), Strategy.dfs(1)}) {
            Report r = Explorer.builder().strategy(s).seed(11).iterations(s instanceof Strategy.Dfs ? 2000 : 700)
                    .build().explore(scenario(t.program()));
            assertFalse(r.failed(), t.mechanism() + " with " + s + ": " + r.summary());
        }
    }

    @Test
    void aRaceIsReportedEvenWhenTheAssertionPasses() {
        // Without preemption, t1 increments, then t2: the count is right, and the race is still there.
        Scenario s = () -> {
            RaceCorpus.Counter c = new RaceCorpus.Counter();
            Corpus.together(() -> c.value++, () -> c.value++);
            Corpus.check(c.value == 2, "lost an update: " + c.value);
        };
        assertFalse(Explorer.builder().strategy(Strategy.dfs(0)).iterations(1).races(false).build().explore(s)
                .failed(), "the assertion passes in this schedule");
        Failure f = race(Explorer.builder().strategy(Strategy.dfs(0)).iterations(1).build().explore(s), "counter");
        // Both accesses, with their tasks, kinds and lines; the later one's frames.
        String m = f.message();
        assertTrue(m.matches("(?s)data race on RaceCorpus\\.Counter\\.value: (read|write) by t1 at RacesIT\\.java:\\d+,"
                + " then (read|write) by t2 at RacesIT\\.java:\\d+, .*"), m);
        assertTrue(m.contains("\n    at dev.lockstep.it.RacesIT"), m);
        // A few frames for each access: the earlier one's from the first time its line ran.
        assertEquals(2, m.split("\n  (read|write) by t[12]:").length - 1, m);
    }

    @Test
    void aRaceReplaysWithTheSameTrace() {
        Scenario s = scenario(RaceCorpus.racy().get(0).program());
        Failure f = race(Explorer.builder().strategy(Strategy.pct(3)).seed(9).build().explore(s), "counter");
        Failure again = race(Explorer.builder().build().replay(s, f.schedule()), "replay");
        assertEquals(f.message(), again.message());
        assertEquals(f.trace().toText(), again.trace().toText());
        assertTrue(f.trace().toText().contains("races: RaceCorpus.Counter.value"), f.trace().toText());
    }

    @Test
    void theJsonAndTheHtmlPictureShowTheRace() {
        Scenario s = scenario(RaceCorpus.racy().get(0).program());
        Report r = Explorer.builder().strategy(Strategy.dfs(0)).iterations(1).build().explore(s);
        race(r, "counter");
        String json = r.toJson();
        assertTrue(json.contains("\"kind\":\"DATA_RACE\""), json);
        assertTrue(json.contains("data race on RaceCorpus.Counter.value"), json);
        String html = dev.lockstep.explore.HtmlReport.render(r, "race", null);
        // The arrow from the earlier access to the racing one, in red, labelled.
        assertTrue(html.contains("<g class=\"race\"><title>data race: "), html);
        assertTrue(html.contains("marker-end=\"url(#racehead)\""), html);
    }

    @Test
    void theModelSaysRacesAreDetected() {
        Report r = Explorer.builder().iterations(1).build().explore(() -> { });
        assertTrue(r.model().contains("data races"), r.model());
        Report off = Explorer.builder().iterations(1).races(false).build().explore(() -> { });
        assertFalse(off.model().contains("data races"), off.model());
    }

    @Test
    void aParallelStreamSummingIntoAFieldIsARaceOnceTwoWorkersRunIt() {
        // In a schedule where one thread runs every element there is no race; pct soon runs two workers at once.
        Scenario s = () -> {
            RaceCorpus.Counter c = new RaceCorpus.Counter();
            java.util.stream.IntStream.range(0, 8).parallel().forEach(i -> c.value += i);
        };
        Failure f = race(Explorer.builder().strategy(Strategy.pct(3)).seed(3).iterations(500).build().explore(s),
                "parallel stream");
        assertTrue(f.message().startsWith("data race on RaceCorpus.Counter.value"), f.message());
    }

    @Test
    void theDetectorCanBeTurnedOff() {
        Scenario s = scenario(RaceCorpus.racy().get(0).program());
        Report r = Explorer.builder().strategy(Strategy.dfs(0)).iterations(1).races(false).build().explore(s);
        assertFalse(r.failed(), r.summary());
    }
}
