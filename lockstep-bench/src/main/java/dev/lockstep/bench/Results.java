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
 * @param seed per seed workload (in {@link SeedWorkloads#NAMES} order): Lockstep, Lockstep on a Loop, j.u.c
 * @param asyncio CPython asyncio's median per seed workload
 */
record Results(Map<String, String> meta, Map<String, Map<String, Double>> primitives, List<PairedBench.Result> paired,
        Map<String, Map<String, Double>> explorer, List<ExplorerPairs.Result> explorerPairs,
        List<AgentPairs.Result> agentPairs, double[][] seed, Map<String, Double> asyncio,
        List<MemoryBench.Result> memory, List<FairnessProbe.Result> fairness, List<RedisBench.Result> redis) {

    /** These results with the Redis measurements replaced. */
    Results withRedis(List<RedisBench.Result> measured) {
        return new Results(meta, primitives, paired, explorer, explorerPairs, agentPairs, seed, asyncio, memory,
                fairness, measured);
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
        for (int w = 0; w < seed.length; w++) {
            lines.add(row("seed", SeedWorkloads.NAMES.get(w), seed[w][0], seed[w][1], seed[w][2]));
        }
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
        double[][] seed = new double[SeedWorkloads.NAMES.size()][];
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
                case "seed" -> seed[SeedWorkloads.NAMES.indexOf(f[1])] = new double[] {Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4])};
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

    private static String row(String section, Object... fields) {
        StringBuilder sb = new StringBuilder(section);
        for (Object f : fields) {
            sb.append('\t').append(f);
        }
        return sb.toString();
    }
}
