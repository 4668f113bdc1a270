package dev.lockstep.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges one run's {@link Results} against the {@link Targets}: one verdict per row of the report that has a target.
 * It neither measures nor renders; the renderer asks it, row by row, whether a target was met.
 */
final class Judge {

    /** A row's verdict: what was measured against which target. */
    record Verdict(String row, Targets.Target target, double value) {
        boolean met() {
            return target.met(value);
        }

        /** {@code met (≥ 0.9)} or {@code **missed** (≥ 0.9)}, as the report's tables write it. */
        String cell() {
            return (met() ? "met" : "**missed**") + " (" + target.describe() + ")";
        }

        String miss() {
            return String.format(Locale.ROOT, "%s: %s (%s)", row, value >= 100 ? String.format(Locale.ROOT, "%,.0f",
                    value) : String.format(Locale.ROOT, "%.2f", value), target.describe());
        }
    }

    private final Map<String, Verdict> verdicts = new LinkedHashMap<>();

    private Judge() {}

    static Judge judge(Results r, Targets t) {
        Judge j = new Judge();
        for (BenchmarkReport.Pair p : BenchmarkReport.PAIRS) {
            for (String config : BenchmarkReport.CONFIGS) {
                double ratio = get(r.primitives(), p.lockstep(), config) / get(r.primitives(), p.juc(), config);
                j.add(primitiveRow(p, config), t.get(p.fair() ? "primitive.fair" : "primitive.unfair"), ratio);
            }
        }
        for (PairedBench.Result p : r.paired()) {
            if (!p.allRunning() && !p.oneCarrier()) {
                j.add(p.what() + ", " + p.config() + ", in turns", t.get("paired"), p.ratio());
            }
        }
        Map<String, Double> ours = r.primitives().getOrDefault("EventBroadcastBench.lockstepBroadcast", Map.of());
        Map<String, Double> theirs = r.primitives().getOrDefault("EventBroadcastBench.jucBroadcast", Map.of());
        if (!ours.isEmpty() && !theirs.isEmpty()) {
            j.add("Event broadcast", t.get("event.broadcast"),
                    ours.values().iterator().next() / theirs.values().iterator().next());
        }
        r.seed().forEach((heap, run) -> {
            for (int w = 0; w < SeedWorkloads.NAMES.size(); w++) {
                String name = SeedWorkloads.NAMES.get(w);
                double py = r.asyncio().getOrDefault(name, Double.NaN);
                double[] ops = run.ops()[w];
                j.add(seedRow(name, "Lockstep / asyncio", heap), t.get("seed.asyncio"),
                        ops[SeedWorkloads.Variant.LOCKSTEP.ordinal()] / py);
                j.add(seedRow(name, "Loop / asyncio", heap), t.get("seed.loop"),
                        ops[SeedWorkloads.Variant.LOCKSTEP_LOOP.ordinal()] / py);
                j.add(seedRow(name, "Lockstep / j.u.c", heap), t.get("seed.juc"),
                        ops[SeedWorkloads.Variant.LOCKSTEP.ordinal()] / ops[SeedWorkloads.Variant.JUC.ordinal()]);
                j.add(seedRow(name, "Loop / kotlinx", heap), t.get("seed.kotlinx"),
                        ops[SeedWorkloads.Variant.LOCKSTEP_LOOP.ordinal()]
                                / ops[SeedWorkloads.Variant.KOTLINX.ordinal()]);
            }
        });
        double lost = r.explorer().getOrDefault("ExplorerBench.explore", Map.of())
                .getOrDefault("scenario=lost-update-3 strategy=pct", Double.NaN);
        j.add("explorer, lost update, pct(3), schedules/s", t.get("explorer.rate"), lost);
        ExplorerPairs.Result pct = null;
        ExplorerPairs.Result random = null;
        for (ExplorerPairs.Result e : r.explorerPairs()) {
            if (e.strategy().startsWith("pct")) {
                pct = e;
            } else if (e.strategy().equals("random")) {
                random = e;
            }
            if (e.strategy().equals("random") || e.strategy().startsWith("pct")) {
                j.add(parallelRow(e.strategy()), t.get("explorer.parallel"), e.ratio());
            }
        }
        if (pct != null && random != null) {
            j.add(STEP_ROW, t.get("explorer.step"), random.nanosPerStep() / pct.nanosPerStep());
        }
        for (AgentPairs.Result a : r.agentPairs()) {
            if (AgentPairs.STRATEGIES.contains(a.strategy())) {
                j.add(agentRow(a.strategy()), t.get("explorer.agent"), a.with());
            }
        }
        double plain = r.explorer().getOrDefault("AgentOverheadBench.plain", Map.of()).getOrDefault("", Double.NaN);
        double attached = r.explorer().getOrDefault("Attached.withAgent", Map.of()).getOrDefault("", Double.NaN);
        if (!Double.isNaN(plain) && !Double.isNaN(attached)) {
            j.add(OVERHEAD_ROW, t.get("agent.overhead"), plain / attached);
        }
        Map<String, Double> bytes = new LinkedHashMap<>();
        r.memory().forEach(m -> bytes.put(m.what(), m.bytesPerWaiter()));
        for (String[] pair : MEMORY_PAIRS) {
            Double o = bytes.get(pair[0]);
            Double th = bytes.get(pair[1]);
            if (o != null && th != null) {
                j.add(pair[0] + " memory against " + pair[1], t.get("memory"), o / th);
            }
        }
        return j;
    }

    /** Lockstep's memory rows and the java.util.concurrent row each is held to. */
    static final String[][] MEMORY_PAIRS = {
        {"Semaphore (Lockstep)", "Semaphore (j.u.c, fair)"},
        {"WorkQueue take (Lockstep)", "LinkedBlockingQueue take (j.u.c)"},
        {"Event (Lockstep)", "CountDownLatch (j.u.c)"}};

    static final String STEP_ROW = "explorer, random's ns per step / pct(3)'s";
    static final String OVERHEAD_ROW = "agent attached, no explorer: time of a field-heavy loop / without the agent";

    /** The row of a seed workload's ratio {@code what} ("Lockstep / asyncio") with heap setting {@code heap}. */
    static String seedRow(String workload, String what, String heap) {
        return workload + ", " + what + ", " + (heap.equals(Results.DEFAULTS) ? "JVM defaults" : "tuned heap");
    }

    static String agentRow(String strategy) {
        return "explorer with the agent, " + strategy + ", schedules/s";
    }

    static String primitiveRow(BenchmarkReport.Pair p, String config) {
        return p.primitive() + " vs " + p.jucLabel() + ", " + config;
    }

    static String parallelRow(String strategy) {
        return "explorer, " + strategy + ", two workers / one";
    }

    private void add(String row, Targets.Target target, double value) {
        verdicts.put(row, new Verdict(row, target, value));
    }

    /** The verdict of {@code row}, or null if the row has no target. */
    Verdict of(String row) {
        return verdicts.get(row);
    }

    /** Every missed target, in the report's order. */
    List<Verdict> misses() {
        List<Verdict> out = new ArrayList<>();
        for (Verdict v : verdicts.values()) {
            if (!v.met()) {
                out.add(v);
            }
        }
        return out;
    }

    private static double get(Map<String, Map<String, Double>> results, String bench, String config) {
        return results.getOrDefault(bench, Map.of()).getOrDefault(config, Double.NaN);
    }
}
