package dev.lockstep.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run measured, as data. {@link BenchmarkReport} writes it to {@code
 * docs/benchmarks/results.tsv} before it judges and renders, so that the report can be judged and rendered again
 * from it ({@code --render-only}) without measuring.
 *
 * @param meta the machine, the JVM, the date and the run's length
 * @param primitives JMH results of the primitives: "Class.method" to parameters to median operations per second
 * @param explorer JMH results of the explorer and of the agent's cost, in the same form
 * @param seed the seed workloads measured in a JVM of their own per heap setting ({@link #DEFAULTS}, {@link #TUNED})
 * @param asyncio CPython asyncio's median per seed workload
 */
record Results(Map<String, String> meta, Map<String, Map<String, Double>> primitives, List<PairedBench.Result> paired,
        Map<String, Map<String, Double>> explorer, List<ExplorerPairs.Result> explorerPairs,
        List<AgentPairs.Result> agentPairs, Map<String, SeedWorkloads.Run> seed, Map<String, Double> asyncio,
        List<MemoryBench.Result> memory, List<FairnessProbe.Result> fairness, List<RedisBench.Result> redis) {

    /** The heap settings the seed workloads run with: the JVM's defaults, as users run it, and a tuned heap. */
    static final String DEFAULTS = "defaults";
    static final String TUNED = "tuned";
    static final List<String> HEAPS = List.of(DEFAULTS, TUNED);

    /** These results with the Redis measurements replaced. */
    Results withRedis(List<RedisBench.Result> measured) {
        return new Results(meta, primitives, paired, explorer, explorerPairs, agentPairs, seed, asyncio, memory,
                fairness, measured);
    }

    /**
     * These results with the agent's measurements replaced: the explorer with and without it (and its race
     * detector), the plain runs, and the JMH rows of its cost ({@code overhead}, merged into {@link #explorer}).
     */
    Results withAgent(List<AgentPairs.Result> measured, Map<String, Map<String, Double>> overhead) {
        Map<String, Map<String, Double>> merged = new LinkedHashMap<>(explorer);
        merged.putAll(overhead);
        return new Results(meta, primitives, paired, merged, explorerPairs, measured, seed, asyncio, memory, fairness,
                redis);
    }

    boolean quick() {
        return Boolean.parseBoolean(meta.getOrDefault("quick", "false"));
    }

    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Measurements of one ./run-benchmarks run; the report is judged and rendered from them.");
        meta.forEach((k, v) -> lines.add(row("meta", k, v)));
        jmh(lines, "primitives", primitives);
        jmh(lines, "explorer", explorer);
        paired.forEach(r -> lines.add(r.line()));
        explorerPairs.forEach(r -> lines.add(r.line()));
        agentPairs.forEach(r -> lines.add(r.line()));
        seed.forEach((heap, run) -> {
            for (int w = 0; w < SeedWorkloads.NAMES.size(); w++) {
                lines.add(row("seed", heap, SeedWorkloads.NAMES.get(w), values(run.ops()[w])));
                lines.add(row("seed-bytes", heap, SeedWorkloads.NAMES.get(w), values(run.bytes()[w])));
            }
        });
        asyncio.forEach((k, v) -> lines.add(row("asyncio", k, v)));
        memory.forEach(m -> lines.add(row("memory", m.what(), m.waiters(), m.bytesPerWaiter(), m.wakeAllMillis())));
        fairness.forEach(f -> lines.add(row("fairness", f.what(), f.acquisitions(), f.medianRun(),
                f.shortRunShare(), f.longestRun())));
        redis.forEach(x -> lines.add(x.line()));
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    static Results read(Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, Map<String, Double>> primitives = new LinkedHashMap<>();
        Map<String, Map<String, Double>> explorer = new LinkedHashMap<>();
        List<PairedBench.Result> paired = new ArrayList<>();
        List<ExplorerPairs.Result> pairs = new ArrayList<>();
        List<AgentPairs.Result> agent = new ArrayList<>();
        Map<String, SeedWorkloads.Run> seed = new LinkedHashMap<>();
        Map<String, Double> asyncio = new LinkedHashMap<>();
        List<MemoryBench.Result> memory = new ArrayList<>();
        List<FairnessProbe.Result> fairness = new ArrayList<>();
        List<RedisBench.Result> redis = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            switch (f[0]) {
                case "meta" -> meta.put(f[1], f[2]);
                case "primitives" -> primitives.computeIfAbsent(f[1], k -> new LinkedHashMap<>())
                        .put(f[2], Double.parseDouble(f[3]));
                case "explorer" -> explorer.computeIfAbsent(f[1], k -> new LinkedHashMap<>())
                        .put(f[2], Double.parseDouble(f[3]));
                case PairedBench.PREFIX -> paired.add(PairedBench.Result.parse(line));
                case ExplorerPairs.PREFIX -> pairs.add(ExplorerPairs.Result.parse(line));
                case AgentPairs.PREFIX -> agent.add(AgentPairs.Result.parse(line));
                case "seed", "seed-bytes" -> {
                    SeedWorkloads.Run run = seed.computeIfAbsent(f[1], k -> SeedWorkloads.Run.empty());
                    double[] into = (f[0].equals("seed") ? run.ops() : run.bytes())[SeedWorkloads.NAMES.indexOf(f[2])];
                    for (int i = 3; i < f.length && i - 3 < into.length; i++) {
                        into[i - 3] = Double.parseDouble(f[i]);
                    }
                }
                case "asyncio" -> asyncio.put(f[1], Double.parseDouble(f[2]));
                case "memory" -> memory.add(new MemoryBench.Result(f[1], Integer.parseInt(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4])));
                case "fairness" -> fairness.add(new FairnessProbe.Result(f[1], Long.parseLong(f[2]),
                        Long.parseLong(f[3]), Double.parseDouble(f[4]), Long.parseLong(f[5])));
                case RedisBench.PREFIX -> redis.add(RedisBench.Result.parse(line));
                default -> throw new IOException(file + ": unknown line \"" + line + "\"");
            }
        }
        return new Results(meta, primitives, paired, explorer, pairs, agent, seed, asyncio, memory, fairness, redis);
    }

    private static void jmh(List<String> lines, String section, Map<String, Map<String, Double>> results) {
        results.forEach((bench, byParams) -> byParams.forEach((params, v) -> lines.add(row(section, bench, params,
                v))));
    }

    private static String values(double[] vs) {
        StringBuilder sb = new StringBuilder();
        for (double v : vs) {
            sb.append(sb.length() == 0 ? "" : "\t").append(v);
        }
        return sb.toString();
    }

    private static String row(String section, Object... fields) {
        StringBuilder sb = new StringBuilder(section);
        for (Object f : fields) {
            sb.append('\t').append(f);
        }
        return sb.toString();
    }
}
