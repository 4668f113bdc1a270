package dev.lockstep.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark in one go and writes docs/BENCHMARKS.md with its charts: the primitives against
 * java.util.concurrent (JMH), the explorer's speed (JMH, and one worker against two), the seed workloads against
 * CPython asyncio, and memory per waiter. Three steps, kept apart: {@link #measure} runs everything into {@link
 * Results} (saved to docs/benchmarks/results.tsv), {@link Judge} holds them to the {@link Targets} (data, in
 * targets.tsv), and {@link ReportMarkdown} renders. {@code ./run-benchmarks} calls it; {@code --quick} shortens every
 * run; {@code --render-only} judges and renders the saved results again; {@code --redis-only} and {@code
 * --agent-only} measure one section again into the saved results.
 */
public final class BenchmarkReport {
    private BenchmarkReport() {}

    static final String[] CONFIGS = {"platform-1", "platform-2", "platform-8", "virtual-1", "virtual-2",
        "virtual-1000"};

    /** A Lockstep benchmark, its java.util.concurrent counterpart, and whether the counterpart is fair. */
    record Pair(String primitive, String lockstep, String juc, String jucLabel, boolean fair) {}

    static final List<Pair> PAIRS = List.of(
            new Pair("Mutex(false)", "MutexBench.lockstepUnfair", "MutexBench.jucUnfair", "ReentrantLock", false),
            new Pair("Mutex", "MutexBench.lockstep", "MutexBench.jucFair", "ReentrantLock(fair)", true),
            new Pair("Semaphore(false)", "SemaphoreBench.lockstepUnfair", "SemaphoreBench.jucUnfair", "Semaphore",
                    false),
            new Pair("Semaphore", "SemaphoreBench.lockstep", "SemaphoreBench.jucFair", "Semaphore(fair)", true),
            new Pair("Event (await, set)", "EventBench.lockstepAwaitSet", "EventBench.jucAwaitOpen",
                    "CountDownLatch", false),
            new Pair("WorkQueue", "QueueBench.lockstep", "QueueBench.jucArray", "ArrayBlockingQueue", false),
            new Pair("WorkQueue", "QueueBench.lockstep", "QueueBench.jucLinked", "LinkedBlockingQueue", false),
            new Pair("Condition", "ConditionBench.lockstep", "ConditionBench.juc", "ReentrantLock Condition", false));

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path repo = Path.of(value(args, "--repo", ".")).toAbsolutePath().normalize();
        Path out = repo.resolve(value(args, "--out", "docs/BENCHMARKS.md"));
        Path charts = out.getParent().resolve("benchmarks");
        Files.createDirectories(charts);
        Path saved = charts.resolve("results.tsv");
        Results results;
        if (List.of(args).contains("--render-only")) {
            results = Results.read(saved);
        } else if (List.of(args).contains("--agent-only")) {
            // Measures the agent's section again (its cost, the explorer with it, the race detector), in one go.
            Map<String, Map<String, Double>> overhead = jmh("dev\\.lockstep\\.bench\\.AgentOverhead.*", quick);
            results = Results.read(saved).withAgent(AgentPairs.measure(quick ? 3 : 9, quick ? 5_000 : 20_000),
                    overhead);
            results.write(saved);
        } else if (List.of(args).contains("--redis-only")) {
            // Measures the Redis section again, keeping the rest of the saved run (it needs no JMH and takes a minute).
            results = Results.read(saved).withRedis(RedisBench.measure(quick));
            results.write(saved);
        } else {
            results = measure(quick, repo);
            results.write(saved);
            System.out.println("Wrote " + saved);
        }
        Judge judge = Judge.judge(results, Targets.load());
        Files.writeString(out, ReportMarkdown.render(results, judge, charts), StandardCharsets.UTF_8);
        System.out.println("Wrote " + out);
    }

    /** Runs every measurement, in the order that keeps them apart (see the comments), and returns them. */
    static Results measure(boolean quick, Path repo) throws Exception {
        long started = System.nanoTime();
        // The seed workloads each in a JVM of their own, fresh: one with the JVM's default settings (as users run it),
        // one with the tuned heap. Measured after the JMH runs in a shared JVM, the first round of event_broadcast came
        // out 2-3x lower in every variant than the next round.
        System.out.println("== seed workloads with the JVM's defaults and with a tuned heap, and CPython asyncio");
        Map<String, SeedWorkloads.Run> seed = new LinkedHashMap<>();
        seed.put(Results.DEFAULTS, SeedWorkloads.inFreshJvm(List.of(), quick ? 1 : 2, quick ? 3 : 5, false));
        seed.put(Results.TUNED, SeedWorkloads.inFreshJvm(SeedWorkloads.TUNED_HEAP, quick ? 1 : 2, quick ? 3 : 5,
                false));
        Map<String, Double> asyncio = AsyncioBaseline.medians(AsyncioBaseline.script(repo), quick ? 1 : 3);
        System.out.println("== primitives against java.util.concurrent (JMH)");
        Map<String, Map<String, Double>> prim = jmh("dev\\.lockstep\\.bench\\.(Mutex|Semaphore|Queue|Event|Condition)"
                + "Bench\\..*", quick);
        System.out.println("== contended pairs, in turns, in a JVM of their own");
        List<PairedBench.Result> paired = PairedBench.inFreshJvm(quick ? 3 : 11, quick ? 50 : 200);
        System.out.println("== explorer (JMH)");
        Map<String, Map<String, Double>> explorer = jmh("dev\\.lockstep\\.bench\\.(Explorer|AgentOverhead).*", quick);
        System.out.println("== explorer with one worker and two, in turns, in a JVM of its own");
        List<ExplorerPairs.Result> pairs = ExplorerPairs.inFreshJvm(quick ? 3 : 11, quick ? 5_000 : 20_000);
        System.out.println("== explorer without the agent and with it, each in a JVM of its own");
        List<AgentPairs.Result> agent = AgentPairs.measure(quick ? 3 : 9, quick ? 5_000 : 20_000);
        System.out.println("== memory");
        List<MemoryBench.Result> memory = MemoryBench.all(100_000, 1_000_000, quick ? 1 : 3);
        System.out.println("== who gets a freed slot");
        List<FairnessProbe.Result> fairness = FairnessProbe.all(quick ? 200_000 : 1_000_000);
        System.out.println("== Lockstep on Redis (real redis-server processes)");
        List<RedisBench.Result> redis = RedisBench.measure(quick);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch"));
        meta.put("java", Runtime.version().toString());
        meta.put("date", LocalDate.now().toString());
        meta.put("minutes", Long.toString((System.nanoTime() - started) / 60_000_000_000L));
        meta.put("quick", Boolean.toString(quick));
        return new Results(meta, prim, paired, explorer, pairs, agent, seed, asyncio, memory, fairness, redis);
    }

    private static String value(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** Runs the matching JMH benchmarks; returns "Class.method" -> parameter text -> median ops/s. */
    static Map<String, Map<String, Double>> jmh(String include, boolean quick) throws Exception {
        ChainedOptionsBuilder o = new OptionsBuilder().include(include).shouldFailOnError(true);
        if (quick) {
            o.warmupIterations(1).warmupTime(TimeValue.milliseconds(500)).measurementIterations(3)
                    .measurementTime(TimeValue.milliseconds(500));
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (RunResult rr : results) {
            String bench = rr.getParams().getBenchmark();
            String key = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            List<String> params = new ArrayList<>();
            for (String p : new java.util.TreeSet<>(rr.getParams().getParamsKeys())) {
                params.add(p.equals("threads") ? rr.getParams().getParam(p) : p + "=" + rr.getParams().getParam(p));
            }
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult br : rr.getBenchmarkResults()) {
                for (IterationResult ir : br.getIterationResults()) {
                    scores.add(ir.getPrimaryResult().getScore());
                }
            }
            double median = Stats.median(scores.stream().mapToDouble(Double::doubleValue).toArray());
            out.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(String.join(" ", params), median);
        }
        return out;
    }
}
