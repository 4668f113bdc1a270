package dev.lockstep.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code shard(I, N)}: N parts, disjoint, that together run exactly the unsharded exploration's schedules. Each run
 * records the interleaving it saw, so the schedules can be compared as multisets of what they did.
 */
class ShardTest {

    /** Three tasks each log their name twice around a yield: the log is the interleaving. */
    static Scenario logging(ConcurrentLinkedQueue<String> seen) {
        return () -> {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (String name : List.of("a", "b", "c")) {
                    pool.submit(() -> {
                        log.add(name);
                        Thread.yield();
                        log.add(name.toUpperCase());
                    });
                }
            }
            seen.add(String.join("", log));
        };
    }

    private static Map<String, Integer> explore(Strategy s, int iterations, String shard) {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        Explorer.Builder b = Explorer.builder().strategy(s).seed(99).iterations(iterations);
        if (shard != null) {
            b.shard(shard);
        }
        Report r = b.build().explore(logging(seen));
        assertTrue(!r.failed(), r.summary());
        Map<String, Integer> counts = new HashMap<>();
        seen.forEach(k -> counts.merge(k, 1, Integer::sum));
        return counts;
    }

    private static Map<String, Integer> sum(List<Map<String, Integer>> parts) {
        Map<String, Integer> all = new HashMap<>();
        parts.forEach(p -> p.forEach((k, v) -> all.merge(k, v, Integer::sum)));
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"random", "pct"})
    void numberedStrategiesSplitExactly(String strategy) {
        Strategy s = Strategy.parse(strategy, 3, 2);
        int iterations = 400; // past pct's calibration and its lag
        Map<String, Integer> whole = explore(s, iterations, null);
        List<Map<String, Integer>> parts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            parts.add(explore(s, iterations, i + "/3"));
        }
        // Every shard also runs pct's calibration schedules (the first 64), counting only its own: the shards'
        // runs are the whole run plus two more of each calibration schedule.
        Map<String, Integer> expected = new HashMap<>(whole);
        if (strategy.equals("pct")) {
            explore(s, 64, null).forEach((k, v) -> expected.merge(k, 2 * v, Integer::sum));
        }
        assertEquals(expected, sum(parts), "the shards ran exactly the unsharded run's schedules");
    }

    @Test
    void eachShardCountsItsOwnNumbers() {
        for (String strategy : List.of("random", "pct")) {
            List<Integer> counted = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                Report r = Explorer.builder().strategy(Strategy.parse(strategy, 3, 2)).seed(5).iterations(400)
                        .shard(i, 3).build().explore(logging(new ConcurrentLinkedQueue<>()));
                counted.add(r.iterations());
                assertTrue(r.summary().contains(" shard " + i + "/3"), r.summary());
            }
            assertEquals(List.of(134, 133, 133), counted, strategy);
        }
    }

    @Test
    void dfsSplitsItsTreeAndEveryShardIsExhausted() {
        Strategy s = Strategy.dfs(1);
        Map<String, Integer> whole = explore(s, 100_000, null);
        List<Map<String, Integer>> parts = new ArrayList<>();
        List<Report> reports = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
            Report r = Explorer.builder().strategy(s).iterations(100_000).shard(i, 3).build().explore(logging(seen));
            reports.add(r);
            Map<String, Integer> counts = new HashMap<>();
            seen.forEach(k -> counts.merge(k, 1, Integer::sum));
            parts.add(counts);
        }
        int total = whole.values().stream().mapToInt(x -> x).sum();
        int counted = reports.stream().mapToInt(Report::iterations).sum();
        assertEquals(total, counted, "the shards' counted schedules add up to the whole search's");
        for (Report r : reports) {
            assertTrue(r.exhausted(), r.summary());
            assertTrue(r.iterations() > 0, "every shard gets a part: " + r.summary());
            assertTrue(r.summary().contains("dfs(1) shard "), r.summary());
        }
        // Each shard also ran (without counting) the first schedule of the others' subtrees: the counted ones, as
        // a multiset, are the whole search.
        Map<String, Integer> countedRuns = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            parts.get(i).forEach((k, v) -> countedRuns.merge(k, v, Integer::sum));
        }
        assertTrue(sum(parts).values().stream().mapToInt(x -> x).sum() >= total);
        whole.forEach((k, v) -> assertTrue(countedRuns.getOrDefault(k, 0) >= v, "the shards ran " + k));
    }

    @Test
    void badShardsAreRejectedInTheUsersWords() {
        for (String bad : List.of("0/3", "4/3", "3", "a/b", "1/0")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Explorer.builder().shard(bad));
            assertTrue(e.getMessage().contains("shard"), e.getMessage());
        }
    }
}
