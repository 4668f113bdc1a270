package dev.lockstep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders docs/BENCHMARKS.md and its charts from one run's {@link Results} and the {@link Judge}'s verdicts. It
 * measures nothing and decides nothing: every "met" and "missed" comes from the judge, every explanation of a miss
 * from the hand-written, dated docs/benchmarks/WHY.md, to which it links.
 */
final class ReportMarkdown {
    private ReportMarkdown() {}

    static String render(Results r, Judge judge, Path charts) throws IOException {
        boolean quick = r.quick();
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n")
                .append("Every figure here comes from one command, run on one machine in one go, so that ratios compare")
                .append(" like with like on a shared, noisy machine:\n\n```sh\n./run-benchmarks").append(quick
                        ? " --quick" : "").append("\n```\n\n")
                .append("It builds `lockstep-bench`, runs the seed workloads first, each heap setting in a fresh JVM of")
                .append(" its own (median of several runs after warm-up), with CPython asyncio run by the same command,")
                .append(" then the JMH")
                .append(" benchmarks (throughput, ")
                .append(quick ? "1 warm-up and 3 measured iterations of 0.5 s" : "3 warm-up and 5 measured iterations"
                        + " of 1 s").append(", one fork, three for the Mutex, whose rate under contention differs")
                .append(" more between forks than within one; the figure is the median iteration), the contended pairs")
                .append(" and the explorer's workers again in turns in one JVM, and the memory")
                .append(" measurements; then it writes the measurements to `docs/benchmarks/results.tsv`, judges them")
                .append(" against the targets in `lockstep-bench/src/main/resources/dev/lockstep/bench/targets.tsv`,")
                .append(" and rewrites this file and the charts in `docs/benchmarks/` (`./run-benchmarks")
                .append(" --render-only` does the last two again from the saved measurements).")
                .append(" CI runs every benchmark once, small, to keep them working (`BenchmarkSmokeTest`); it never")
                .append(" times them.\n\n")
                .append("Machine: ").append(r.meta().get("machine")).append(", Java ").append(r.meta().get("java"))
                .append(", measured ").append(r.meta().get("date")).append(" in ").append(r.meta().get("minutes"))
                .append(" min.\n\n");
        primitives(md, r, judge, charts);
        paired(md, r.paired(), quick, judge);
        Map<String, Double> broadcast = r.primitives().getOrDefault("EventBroadcastBench.lockstepBroadcast", Map.of());
        Judge.Verdict b = judge.of("Event broadcast");
        if (!broadcast.isEmpty() && b != null) {
            double o = broadcast.values().iterator().next();
            md.append(String.format(Locale.ROOT, "Broadcast, 1,000 parked virtual threads woken by one set: Event"
                    + " %.2f M wake-ups/s, CountDownLatch %.2f M/s, ratio %.2f (%s).%n%n", o / 1e6, o / b.value() / 1e6,
                    b.value(), b.cell()));
        }
        seed(md, r, judge, charts);
        explorer(md, r, judge);
        memory(md, r, judge);
        fairness(md, r);
        redis(md, r);
        md.append("\n## Targets missed, and why\n\n");
        List<Judge.Verdict> misses = judge.misses();
        if (misses.isEmpty()) {
            md.append("None: every target above is met in this run.\n");
        } else {
            md.append("Missed in this run:\n\n");
            for (Judge.Verdict v : misses) {
                md.append("- ").append(v.miss()).append('\n');
            }
            md.append("\nWhy each of these happens, as measured so far, is written up by hand, with dates, in")
                    .append(" [benchmarks/WHY.md](benchmarks/WHY.md). A miss it does not explain is a regression to")
                    .append(" profile (`-prof jfr` or `-prof stack` on the JMH command line in `BenchmarkReport`).\n");
        }
        return md.toString();
    }

    private static void primitives(StringBuilder md, Results r, Judge judge, Path charts) throws IOException {
        md.append("## Primitives against java.util.concurrent\n\n")
                .append("Operations per second (millions), and the ratio Lockstep / java.util.concurrent. Each")
                .append(" invocation splits 100,000 operations over the configuration's threads. Target: at least")
                .append(" 0.9 in each configuration, and above 1 where the java.util.concurrent class has to be fair")
                .append(" to give the same FIFO guarantee.\n\n");
        List<Svg.Group> ratioGroups = new ArrayList<>();
        for (BenchmarkReport.Pair p : BenchmarkReport.PAIRS) {
            md.append("### ").append(p.primitive()).append(" vs ").append(p.jucLabel()).append("\n\n")
                    .append("| threads | Lockstep (M/s) | ").append(p.jucLabel()).append(" (M/s) | ratio | target |\n")
                    .append("| --- | ---: | ---: | ---: | --- |\n");
            String[] configs = BenchmarkReport.CONFIGS;
            double[] ratios = new double[configs.length];
            for (int c = 0; c < configs.length; c++) {
                double ours = get(r.primitives(), p.lockstep(), configs[c]);
                double theirs = get(r.primitives(), p.juc(), configs[c]);
                Judge.Verdict v = judge.of(Judge.primitiveRow(p, configs[c]));
                ratios[c] = v.value();
                md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %s |%n", configs[c], ours / 1e6,
                        theirs / 1e6, v.value(), v.cell()));
            }
            md.append('\n');
            ratioGroups.add(new Svg.Group(p.primitive() + " / " + p.jucLabel(), ratios));
        }
        Files.writeString(charts.resolve("primitives.svg"), Svg.bars("Lockstep / java.util.concurrent throughput",
                List.of(BenchmarkReport.CONFIGS), ratioGroups, new double[] {0.9, 1.0}, true, "x"));
        md.append("![ratios](benchmarks/primitives.svg)\n\n");
    }

    private static void paired(StringBuilder md, List<PairedBench.Result> paired, boolean quick, Judge judge) {
        md.append("### Contended, both sides in one JVM, in turns\n\n")
                .append("Under contention every FIFO hand-off wakes a thread, and what a wake-up costs on this machine")
                .append(" moves tenfold within one JVM and differs between JVM launches; the JMH rows above run each")
                .append(" side in JVMs of its own, minutes apart. Here each round measures Lockstep and the fair")
                .append(" java.util.concurrent class back to back in a JVM of their own (started like a JMH fork), ")
                .append(quick ? "50 ms" : "0.2 s")
                .append(" each, in alternating order; the ratio is the median of ").append(quick ? "3" : "11")
                .append(" per-round ratios, with their middle half. The one-carrier row runs the 1,000 virtual threads")
                .append(" on a scheduler with one carrier: the primitive's own cost per hand-off, without carriers")
                .append(" passing the threads between them. Target: above 1, as for the fair rows above.\n\n")
                .append("| pair | threads | Lockstep (M/s) | java.util.concurrent (M/s) | ratio | middle half |")
                .append(" target |\n")
                .append("| --- | --- | ---: | ---: | ---: | --- | --- |\n");
        List<PairedBench.Result> shared = paired.stream().filter(p -> !p.allRunning()).toList();
        for (PairedBench.Result p : shared) {
            Judge.Verdict v = judge.of(p.what() + ", " + p.config() + ", in turns");
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f-%.2f | %s |%n", p.what(),
                    p.config(), p.ours() / 1e6, p.theirs() / 1e6, p.ratio(), p.lowQuartile(), p.highQuartile(),
                    v == null ? "(the lock's own cost)" : v.cell()));
        }
        md.append("\nThe lock rows decomposed. Each side's rate is its operations per change of owner (how often the")
                .append(" lock stays with the thread that released it) divided by its time per change of owner (what a")
                .append(" hand-off costs, wake-up included); medians over the rounds, counted inside the critical")
                .append(" section of both sides alike. *All running*: the share of the time during which every thread")
                .append(" of an invocation was running, the last one started and none finished; in the rest fewer")
                .append(" threads contend.\n\n")
                .append("| pair | threads | Lockstep ops per change | j.u.c ops per change | Lockstep µs per change |")
                .append(" j.u.c µs per change | Lockstep all running | j.u.c all running |\n")
                .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (PairedBench.Result p : shared) {
            if (p.hasHandoffs()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.3f | %.3f | %.0f%% | %.0f%% |%n",
                        p.what(), p.config(), p.oursHandoffs().opsPerChange(), p.theirsHandoffs().opsPerChange(),
                        p.oursHandoffs().microsPerChange(), p.theirsHandoffs().microsPerChange(),
                        100 * p.oursHandoffs().allThreadsShare(), 100 * p.theirsHandoffs().allThreadsShare()));
            }
        }
        md.append("\nThe rows above share out a fixed number of operations per invocation, as the JMH benchmarks do, so")
                .append(" they include each invocation's start, while its platform threads are still being started,")
                .append(" and its end, after the first of them have finished: in both, fewer threads contend and the")
                .append(" lock can stay with one thread for many operations. Here the same locks run with every thread")
                .append(" running for the whole slice (they run until stopped, and counting starts once each has")
                .append(" done its first operations): what a lock costs under sustained contention.\n\n")
                .append("| pair | threads | Lockstep (M/s) | java.util.concurrent (M/s) | ratio | middle half |")
                .append(" Lockstep ops per change | j.u.c ops per change |\n")
                .append("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |\n");
        for (PairedBench.Result p : paired) {
            if (p.allRunning()) {
                md.append(String.format(Locale.ROOT, "| %s | %s, all running | %.3f | %.3f | %.2f | %.2f-%.2f |"
                        + " %.2f | %.2f |%n", p.what(), p.config(), p.ours() / 1e6, p.theirs() / 1e6, p.ratio(),
                        p.lowQuartile(), p.highQuartile(), p.oursHandoffs().opsPerChange(),
                        p.theirsHandoffs().opsPerChange()));
            }
        }
        md.append('\n');
    }

    private static void seed(StringBuilder md, Results r, Judge judge, Path charts) throws IOException {
        md.append("## The seed workloads against CPython asyncio\n\n")
                .append("The four workloads of `../shared/bench/WORKLOADS.md`, with the same counts and checks,")
                .append(" operations per second (median of the runs after warm-up), each heap setting in a JVM of its")
                .append(" own started for it: first with the JVM's default settings, as users run it, then with a")
                .append(" tuned heap (`").append(String.join(" ", SeedWorkloads.TUNED_HEAP)).append("`). Bytes per")
                .append(" operation are what every thread of the JVM allocated during a run (carriers included, so")
                .append(" virtual threads count), divided by its operations. Targets: Lockstep at least 5x asyncio on")
                .append(" each workload, at least 10x on a Loop, and at least 0.9x of the `java.util.concurrent`")
                .append(" equivalent on the default scheduler (the fair `ReentrantLock` and `Semaphore`, which give the")
                .append(" same FIFO guarantee; `ArrayBlockingQueue`; `CountDownLatch`), with either heap; beyond")
                .append(" them, the Loop at or above kotlinx.coroutines' single-threaded `runBlocking` (its Mutex,")
                .append(" Semaphore, Channel and")
                .append(" CompletableDeferred, in the same JVM).\n\n");
        SeedWorkloads.Run chart = null;
        for (String heap : Results.HEAPS) {
            SeedWorkloads.Run run = r.seed().get(heap);
            if (run == null) {
                continue;
            }
            chart = chart == null ? run : chart;
            md.append(heap.equals(Results.DEFAULTS) ? "### With the JVM's default settings\n\n"
                    : "### With the tuned heap\n\n")
                    .append("| workload | asyncio | Lockstep | Lockstep on a Loop | java.util.concurrent |")
                    .append(" kotlinx runBlocking | Lockstep / asyncio | Loop / asyncio | Lockstep / j.u.c |")
                    .append(" Loop / kotlinx |\n")
                    .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            StringBuilder bytesTable = new StringBuilder("\nBytes allocated per operation:\n\n| workload | Lockstep |"
                    + " Lockstep on a Loop | java.util.concurrent | kotlinx runBlocking |\n| --- | ---: | ---: | ---: |"
                    + " ---: |\n");
            for (int w = 0; w < SeedWorkloads.NAMES.size(); w++) {
                String name = SeedWorkloads.NAMES.get(w);
                double py = r.asyncio().getOrDefault(name, Double.NaN);
                double[] ops = run.ops()[w];
                double[] bytes = run.bytes()[w];
                double ours = ops[SeedWorkloads.Variant.LOCKSTEP.ordinal()];
                double loop = ops[SeedWorkloads.Variant.LOCKSTEP_LOOP.ordinal()];
                double juc = ops[SeedWorkloads.Variant.JUC.ordinal()];
                double kt = ops[SeedWorkloads.Variant.KOTLINX.ordinal()];
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.1fx%s | %.1fx%s | %.2f%s |"
                        + " %.2f%s |%n", name, Svg.fmt(py), Svg.fmt(ours), Svg.fmt(loop), Svg.fmt(juc), Svg.fmt(kt),
                        ours / py, mark(judge.of(Judge.seedRow(name, "Lockstep / asyncio", heap))), loop / py,
                        mark(judge.of(Judge.seedRow(name, "Loop / asyncio", heap))), ours / juc,
                        mark(judge.of(Judge.seedRow(name, "Lockstep / j.u.c", heap))), loop / kt,
                        mark(judge.of(Judge.seedRow(name, "Loop / kotlinx", heap)))));
                bytesTable.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |%n", name,
                        bytes[SeedWorkloads.Variant.LOCKSTEP.ordinal()],
                        bytes[SeedWorkloads.Variant.LOCKSTEP_LOOP.ordinal()],
                        bytes[SeedWorkloads.Variant.JUC.ordinal()], bytes[SeedWorkloads.Variant.KOTLINX.ordinal()]));
            }
            md.append(bytesTable);
            md.append('\n');
        }
        if (chart != null) {
            List<Svg.Group> seedGroups = new ArrayList<>();
            for (int w = 0; w < SeedWorkloads.NAMES.size(); w++) {
                String name = SeedWorkloads.NAMES.get(w);
                double[] ops = chart.ops()[w];
                seedGroups.add(new Svg.Group(name, new double[] {r.asyncio().getOrDefault(name, Double.NaN),
                    ops[0], ops[1], ops[2], ops[3]}));
            }
            Files.writeString(charts.resolve("workloads.svg"), Svg.bars("Seed workloads, JVM defaults, operations"
                    + " per second (log)", List.of("CPython asyncio", "Lockstep", "Lockstep on a Loop",
                    "java.util.concurrent", "kotlinx runBlocking"), seedGroups, new double[0], true, ""));
            md.append("![workloads](benchmarks/workloads.svg)\n\n");
        }
    }

    private static void explorer(StringBuilder md, Results r, Judge judge) {
        md.append("## The explorer\n\nSchedules explored per second (each a fresh run of the scenario, one worker).")
                .append(" Target: at least 50,000 per second on the 3-task lost update.\n\n")
                .append("| scenario | strategy | schedules/s |\n| --- | --- | ---: |\n");
        Map<String, Double> ex = r.explorer().getOrDefault("ExplorerBench.explore", Map.of());
        ex.forEach((params, score) -> md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f |%n",
                params.split(" ")[0].substring("scenario=".length()), params.split(" ")[1].substring("strategy="
                        .length()), score)));
        Judge.Verdict rate = judge.of("explorer, lost update, pct(3), schedules/s");
        if (rate != null) {
            md.append("\nThe lost update with pct(3): ").append(rate.cell()).append(".\n");
        }
        md.append("\n### One worker and two\n\nThe fixed 3-task lost update (three tasks increment a counter under a")
                .append(" Mutex with a yield inside), explored with parallelism 1 and 2 in turns in one JVM started")
                .append(" with the JVM's default settings; each side of a round runs the same schedules, and the ratio")
                .append(" is the median of the per-round ratios, with their middle half. Steps per schedule and")
                .append(" nanoseconds per step are those of one worker. dfs runs one schedule at a time (each of its")
                .append(" schedules follows from the last), so its two columns measure the same thing. Targets: at")
                .append(" least 1.7x with two workers for random and pct(3) on 2 cores, and random's cost per step")
                .append(" within 1.3x of pct(3)'s.\n\n")
                .append("| strategy | 1 worker (schedules/s) | 2 workers (schedules/s) | ratio | middle half | target |")
                .append(" steps per schedule | ns per step |\n")
                .append("| --- | ---: | ---: | ---: | --- | --- | ---: | ---: |\n");
        for (ExplorerPairs.Result e : r.explorerPairs()) {
            Judge.Verdict v = judge.of(Judge.parallelRow(e.strategy()));
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f-%.2f | %s | %.1f | %.0f |%n",
                    e.strategy(), e.one(), e.two(), e.ratio(), e.lowQuartile(), e.highQuartile(),
                    v == null ? "(one at a time)" : v.cell(), e.stepsPerSchedule(), e.nanosPerStep()));
        }
        Judge.Verdict step = judge.of(Judge.STEP_ROW);
        if (step != null) {
            md.append(String.format(Locale.ROOT, "%nrandom's nanoseconds per step over pct(3)'s: %.2f (%s).%n",
                    step.value(), step.cell()));
        }
        md.append("\n### With the Lockstep agent\n\nThe 3-task lost update explored without the agent and with it")
                .append(" (`fields=all`: the reads and writes of the counter are scheduling points too), each in a")
                .append(" JVM of its own with the JVM's default settings and a worker per processor; medians of the")
                .append(" rounds. Target: at least 100,000 schedules per second with the agent.\n\n")
                .append("| strategy | without (schedules/s) | with (schedules/s) | steps per schedule without | with |")
                .append(" target |\n| --- | ---: | ---: | ---: | ---: | --- |\n");
        AgentPairs.Result sleepers = null;
        AgentPairs.Result races = null;
        AgentPairs.Result plainAgent = null;
        AgentPairs.Result plainRaces = null;
        for (AgentPairs.Result a : r.agentPairs()) {
            switch (a.strategy()) {
                case AgentPairs.SLEEPERS -> sleepers = a;
                case AgentPairs.RACES -> races = a;
                case AgentPairs.PLAIN_AGENT -> plainAgent = a;
                case AgentPairs.PLAIN_RACES -> plainRaces = a;
                default -> { }
            }
            if (!AgentPairs.STRATEGIES.contains(a.strategy())) {
                continue;
            }
            Judge.Verdict v = judge.of(Judge.agentRow(a.strategy()));
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.1f | %.1f | %s |%n", a.strategy(),
                    a.without(), a.with(), a.stepsWithout(), a.stepsWith(), v == null ? "" : v.cell()));
        }
        if (sleepers != null) {
            md.append(String.format(Locale.ROOT, "%nVirtual time for the JDK's own timed waits: three tasks that sleep"
                    + " and poll a queue with a timeout (`Thread.sleep`, `poll(timeout)`), explored with the agent,"
                    + " ran %,.0f schedules per second; the same scenario with `Clock.sleep` in place of both waits,"
                    + " %,.0f (pct(3), medians).%n", sleepers.without(), sleepers.with()));
        }
        if (races != null) {
            md.append(String.format(Locale.ROOT, "%nThe race detector in the explorer: the same three tasks with their"
                    + " read and write in a `synchronized` block (race-free), explored with the agent, ran %,.0f"
                    + " schedules per second with the detector off and %,.0f with it on (`races(true)`, the default):"
                    + " %.2fx (pct(3), medians, each side in the same JVM).%n", races.without(), races.with(),
                    races.with() / races.without()));
        }
        if (plainAgent != null && plainRaces != null) {
            md.append(String.format(Locale.ROOT, "%nA plain test run with the race detector (`-javaagent:...=races`, no"
                    + " explorer, each in a JVM of its own with the JVM's defaults): a test-like program (a pool of four"
                    + " threads runs 256 jobs that build and sort small lists, merge into a `ConcurrentHashMap` and add"
                    + " to a total under a monitor) ran %.1f times a second without the agent, %.1f with it, and %.1f"
                    + " with `races`: %.1fx slower with the detector, %.2fx with the agent alone.%n", plainAgent.without(),
                    plainAgent.with(), plainRaces.with(), plainRaces.without() / plainRaces.with(),
                    plainAgent.without() / plainAgent.with()));
        }
        double plainLoop = r.explorer().getOrDefault("AgentOverheadBench.plain", Map.of()).getOrDefault("",
                Double.NaN);
        double racesLoop = r.explorer().getOrDefault("Races.withRaces", Map.of()).getOrDefault("", Double.NaN);
        double agentLoop = r.explorer().getOrDefault("Attached.withAgent", Map.of()).getOrDefault("", Double.NaN);
        if (!Double.isNaN(plainLoop) && !Double.isNaN(racesLoop)) {
            md.append(String.format(Locale.ROOT, "%nThe worst case, nothing but field accesses (JMH, default JVM"
                    + " settings): a loop over 1,000 objects that reads two fields and writes one per object ran %.0f"
                    + " times a second without the agent, %.0f with the agent, and %.0f with `races`: %.0fx slower,"
                    + " since each access, a fraction of a nanosecond when compiled, becomes a lock, a clock check and"
                    + " a shadow lookup (ThreadSanitizer, in C++, reports 5-15x on whole programs).%n", plainLoop,
                    agentLoop, racesLoop, plainLoop / racesLoop));
        }
        Judge.Verdict overhead = judge.of(Judge.OVERHEAD_ROW);
        if (overhead != null) {
            double plain = r.explorer().get("AgentOverheadBench.plain").get("");
            md.append(String.format(Locale.ROOT, "%nWhat the agent costs where no explorer runs (JMH, default JVM"
                    + " settings): a loop over 1,000 objects that reads two fields and writes one per object ran"
                    + " %.0f times a second without the agent and %.0f with it: %.3fx the time (%s).%n", plain,
                    plain / overhead.value(), overhead.value(), overhead.cell()));
        }
        md.append("\nCost of one schedule (µs) by tasks and scheduling points per task (random strategy, one")
                .append(" worker):\n\n")
                .append("| tasks | 1 point each | 4 points each | 16 points each |\n| ---: | ---: | ---: | ---: |\n");
        Map<String, Double> sc = r.explorer().getOrDefault("ExplorerScalingBench.explore", Map.of());
        for (String tasks : List.of("2", "4", "8", "16", "32")) {
            md.append("| ").append(tasks);
            for (String steps : List.of("1", "4", "16")) {
                double v = sc.getOrDefault("steps=" + steps + " tasks=" + tasks, Double.NaN);
                md.append(String.format(Locale.ROOT, " | %.1f", 1e6 / v));
            }
            md.append(" |\n");
        }
        md.append("\nThe cost grows with the number of scheduling steps (about tasks x points): each step is one")
                .append(" continuation switch plus the choice, and each choice scans the runnable tasks.\n\n");
    }

    private static void memory(StringBuilder md, Results r, Judge judge) {
        md.append("## Memory\n\nLive heap per parked waiter: the bytes of live objects (a class histogram, taken after a")
                .append(" full GC) with the waiters parked, less those before, over the number of waiters; each waiter")
                .append(" is a virtual thread, and its thread object and stack count, on both sides. Each row is the")
                .append(" median of ").append(r.quick() ? "one round" : "three rounds").append(" that take the rows in")
                .append(" turn, after a warm-up round (a thread that parked before the JIT compiled the wait path")
                .append(" keeps bigger frames), with the time to wake all.")
                .append(" Target: no more than java.util.concurrent's for the same primitive (within 2%).\n\n")
                .append("| waiters on | count | bytes per waiter | wake all (ms) | target |\n")
                .append("| --- | ---: | ---: | ---: | --- |\n");
        for (MemoryBench.Result m : r.memory()) {
            Judge.Verdict v = null;
            for (String[] pair : Judge.MEMORY_PAIRS) {
                if (pair[0].equals(m.what())) {
                    v = judge.of(pair[0] + " memory against " + pair[1]);
                }
            }
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f | %s |%n", m.what(), m.waiters(),
                    m.bytesPerWaiter(), m.wakeAllMillis(), v == null ? "" : v.cell() + " of j.u.c's"));
        }
    }

    private static void fairness(StringBuilder md, Results r) {
        md.append("\n## Who gets a freed slot\n\nTwo platform threads put into a full queue of 16 while one")
                .append(" takes; the first half of the items taken record which putter each came from. A *run* is a")
                .append(" stretch of items from one putter. A strictly FIFO queue gives each freed slot to the putter")
                .append(" that has waited longest, so the runs are short; an unfair lock lets the running putter take")
                .append(" freed slots again and again. Counts, not times.\n\n")
                .append("| queue | items | median run | in runs of 1-2 | longest run |\n")
                .append("| --- | ---: | ---: | ---: | ---: |\n");
        for (FairnessProbe.Result f : r.fairness()) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.0f%% | %,d |%n", f.what(), f.acquisitions(),
                    f.medianRun(), 100 * f.shortRunShare(), f.longestRun()));
        }
    }

    private static void redis(StringBuilder md, Results r) {
        if (r.redis().isEmpty()) {
            return;
        }
        md.append("\n## Lockstep on Redis\n\nReal redis-server processes on loopback (`RedisBench`). A mutex with")
                .append(" N waiters queued behind a holder, half in this JVM and half in a child JVM, each taking it")
                .append(" once: grants per second, and the Redis scripts run per grant, counted by the server (`INFO")
                .append(" commandstats`). A release wakes only the waiter it serves, so the scripts per grant should")
                .append(" not grow with N (goal). Then a semaphore of 4 permits taken and released by 16 virtual")
                .append(" threads in two clients, on one server and on a cluster of three masters and three replicas")
                .append(" (median of rounds).\n\n| measurement | configuration | value |\n| --- | --- | ---: |\n");
        for (RedisBench.Result x : r.redis()) {
            md.append(String.format(Locale.ROOT, x.what().contains("per grant") ? "| %s | %s | %.2f |%n"
                    : "| %s | %s | %,.0f |%n", x.what(), x.config(), x.value()));
        }
    }

    private static String mark(Judge.Verdict v) {
        return v == null || v.met() ? "" : " (**missed**)";
    }

    private static double get(Map<String, Map<String, Double>> results, String bench, String config) {
        return results.getOrDefault(bench, Map.of()).getOrDefault(config, Double.NaN);
    }
}
