package dev.lockstep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmarks working: every benchmark body runs once, small, and the report renders. Nothing here is
 * timed; ./run-benchmarks measures.
 */
class BenchmarkSmokeTest {
    @TempDir
    Path dir;

    @Test
    void everyPrimitiveBenchmarkRunsInEveryThreadConfiguration() throws Exception {
        for (String config : BenchmarkReport.CONFIGS) {
            MutexBench m = new MutexBench();
            m.threads = config;
            m.setup();
            m.lockstep();
            m.jucFair();
            m.jucUnfair();
            assertEquals(3L * Base.OPS, m.counter, "mutual exclusion held in " + config);
            SemaphoreBench s = new SemaphoreBench();
            s.threads = config;
            s.setup();
            s.lockstep();
            s.jucFair();
            s.jucUnfair();
            assertEquals(4, s.semaphore.availablePermits());
            QueueBench q = new QueueBench();
            q.threads = config;
            q.setup();
            q.lockstep();
            q.jucArray();
            q.jucLinked();
            assertTrue(q.workQueue.isEmpty());
            EventBench e = new EventBench();
            e.threads = config;
            e.setup();
            e.lockstepAwaitSet();
            e.jucAwaitOpen();
            ConditionBench c = new ConditionBench();
            c.threads = config;
            c.setup();
            c.lockstep();
            c.juc();
        }
        EventBroadcastBench b = new EventBroadcastBench();
        b.lockstepBroadcast();
        b.jucBroadcast();
    }

    @Test
    void theAgentsLoopRunsWithAndWithoutIt() {
        AgentOverheadBench plain = new AgentOverheadBench();
        plain.setup();
        AgentOverheadBench.Attached attached = new AgentOverheadBench.Attached();
        attached.setup();
        assertEquals(plain.plain(), attached.withAgent(), "the same loop on both sides");
    }

    @Test
    void explorerBenchmarksRun() {
        for (String scenario : List.of("lost-update-3", "bounded-buffer-2x2", "semaphore-5")) {
            ExplorerBench e = new ExplorerBench();
            e.scenario = scenario;
            e.strategy = "pct";
            e.setup();
            assertEquals(ExplorerBench.ITERATIONS, e.explore().iterations());
        }
        ExplorerScalingBench s = new ExplorerScalingBench();
        s.tasks = 8;
        s.steps = 4;
        s.setup();
        assertEquals(ExplorerScalingBench.ITERATIONS, s.explore().iterations());
    }

    @Test
    void seedWorkloadsPassTheirChecksInEveryVariant() throws Exception {
        for (String name : SeedWorkloads.NAMES) {
            for (SeedWorkloads.Variant v : SeedWorkloads.Variant.values()) {
                assertTrue(SeedWorkloads.run(name, v, SeedWorkloads.Sizes.small()) > 0);
            }
        }
    }

    @Test
    void memoryMeasuresAndTheReportRenders() throws Exception {
        List<MemoryBench.Result> memory = MemoryBench.all(2000, 2000, 1);
        assertEquals(7, memory.size());
        Map<String, Map<String, Double>> prim = new LinkedHashMap<>();
        for (BenchmarkReport.Pair p : BenchmarkReport.PAIRS) {
            for (String config : BenchmarkReport.CONFIGS) {
                prim.computeIfAbsent(p.lockstep(), k -> new LinkedHashMap<>()).put(config, 2.0e6);
                prim.computeIfAbsent(p.juc(), k -> new LinkedHashMap<>()).put(config, 1.0e6);
            }
        }
        Map<String, Map<String, Double>> explorer = Map.of("ExplorerBench.explore",
                Map.of("scenario=lost-update-3 strategy=pct", 1e5), "AgentOverheadBench.plain", Map.of("", 2e6),
                "Attached.withAgent", Map.of("", 1.95e6), "Races.withRaces", Map.of("", 0.4e6));
        // The seed workloads as the report runs them: in a JVM of their own, small.
        SeedWorkloads.Run fresh = SeedWorkloads.inFreshJvm(List.of(), 0, 1, true);
        for (int w = 0; w < SeedWorkloads.NAMES.size(); w++) {
            for (SeedWorkloads.Variant v : SeedWorkloads.Variant.values()) {
                assertTrue(fresh.ops()[w][v.ordinal()] > 0 && fresh.bytes()[w][v.ordinal()] > 0,
                        SeedWorkloads.NAMES.get(w) + " " + v);
            }
        }
        Map<String, SeedWorkloads.Run> seed = new LinkedHashMap<>();
        seed.put(Results.DEFAULTS, fresh);
        seed.put(Results.TUNED, fresh);
        Map<String, Double> asyncio = Map.of("lock_counter", 1e5, "semaphore_fanout", 1e5, "queue_pipeline", 1e5,
                "event_broadcast", 1e5);
        Files.createDirectories(dir.resolve("benchmarks"));
        List<FairnessProbe.Result> fairness = FairnessProbe.all(2000);
        for (FairnessProbe.Result r : fairness) {
            assertEquals(2000, r.acquisitions(), r.what() + ": the first half of 4,000 items counted");
            assertTrue(r.medianRun() >= 1 && r.medianRun() <= r.longestRun() && r.longestRun() <= 2000, r.toString());
        }
        List<PairedBench.Result> paired = PairedBench.inFreshJvm(1, 0); // as the report runs it
        assertEquals(PairedBench.RESULTS, paired.size());
        assertEquals(PairedBench.ALL_RUNNING_CONFIGS.size(), paired.stream().filter(PairedBench.Result::allRunning)
                .count());
        for (PairedBench.Result r : paired) {
            assertTrue(r.ours() > 0 && r.theirs() > 0, r.toString());
            assertTrue(r.lowQuartile() <= r.ratio() && r.ratio() <= r.highQuartile(), r.toString());
            boolean lock = r.what().startsWith("Mutex");
            assertEquals(lock, r.hasHandoffs(), r.toString());
            if (lock) {
                // Every operation is one acquisition, and the owner changes at most once per acquisition.
                for (PairedBench.Handoffs h : List.of(r.oursHandoffs(), r.theirsHandoffs())) {
                    assertTrue(h.opsPerChange() >= 1 && h.microsPerChange() > 0, r.toString());
                    // A share of the slice with shared-out work; threads that run until stopped all run all the time.
                    assertEquals(r.allRunning(), Double.isNaN(h.allThreadsShare()), r.toString());
                    assertTrue(r.allRunning() || (h.allThreadsShare() >= 0 && h.allThreadsShare() <= 1), r.toString());
                }
            }
        }
        List<ExplorerPairs.Result> pairs = ExplorerPairs.all(1, 50);
        assertEquals(ExplorerPairs.STRATEGIES.size(), pairs.size());
        for (ExplorerPairs.Result e : pairs) {
            assertTrue(e.one() > 0 && e.two() > 0 && e.stepsPerSchedule() > 1 && e.nanosPerStep() > 0, e.toString());
        }
        List<AgentPairs.Result> agent = AgentPairs.measure(1, 50); // the agent is built before this module
        assertEquals(AgentPairs.STRATEGIES.size() + 4, agent.size());
        for (AgentPairs.Result a : agent) {
            boolean strategy = AgentPairs.STRATEGIES.contains(a.strategy());
            assertTrue(!strategy || a.stepsWith() > a.stepsWithout(), "the agent adds the counter's reads and writes: "
                    + a);
            assertTrue(a.without() > 0 && a.with() > 0, a.toString());
        }
        List<RedisBench.Result> redis = RedisBench.measure(true); // real redis-server processes, and a cluster
        for (RedisBench.Result x : redis) {
            assertTrue(x.value() > 0, x.toString());
            assertTrue(!x.what().contains("per grant") || x.value() < 6, "a release wakes one waiter: " + x);
        }
        Results results = new Results(Map.of("machine", "test", "java", "25", "date", "today", "minutes", "1",
                "quick", "true"), prim, paired, explorer, pairs, agent, seed, asyncio, memory, fairness, redis);
        Path saved = dir.resolve("results.tsv");
        results.write(saved);
        Results again = Results.read(saved);
        assertEquals(results.paired(), again.paired());
        assertEquals(results.explorerPairs(), again.explorerPairs());
        assertEquals(results.memory(), again.memory());
        Judge judge = Judge.judge(again, Targets.load());
        String md = ReportMarkdown.render(again, judge, dir.resolve("benchmarks"));
        assertEquals(ReportMarkdown.render(results, Judge.judge(results, Targets.load()), dir.resolve("benchmarks")),
                md, "rendered from the saved results as from the measured ones");
        assertTrue(md.contains("| random | "), md);
        assertTrue(md.contains("## Lockstep on Redis") && md.contains("| semaphore acquisitions/s | cluster |"), md);
        assertTrue(md.contains("benchmarks/WHY.md") == !judge.misses().isEmpty(), md);
        assertTrue(md.contains("| WorkQueue (Lockstep), putters | 2,000 |"), md);
        assertTrue(md.contains("| virtual-1000 | 2.00 | 1.00 | 2.00 | met"), md);
        assertTrue(md.contains("| Mutex vs ReentrantLock(fair) | virtual-1000, one carrier |"), md);
        assertTrue(md.contains("| pair | threads | Lockstep ops per change |"), md);
        assertTrue(md.contains("| Mutex vs ReentrantLock(fair) | platform-8, all running |"), md);
        assertEquals(PairedBench.CONFIGS.size(), md.lines().filter(l -> l.startsWith("| Mutex vs")
                && l.chars().filter(ch -> ch == '|').count() == 9 && l.endsWith("% |")).count(),
                "one decomposed row per lock config");
        assertTrue(Files.readString(dir.resolve("benchmarks/primitives.svg")).contains("<svg"));
        assertTrue(Files.readString(dir.resolve("benchmarks/workloads.svg")).contains("Lockstep on a Loop"));
        assertTrue(md.contains("### With the JVM's default settings") && md.contains("### With the tuned heap"), md);
        assertTrue(md.contains("Bytes allocated per operation:") && md.contains("kotlinx runBlocking |"), md);
        assertTrue(md.contains("schedules per second with the detector off"), md);
        assertTrue(md.contains("A plain test run with the race detector") && md.contains("The worst case"), md);
    }
}
