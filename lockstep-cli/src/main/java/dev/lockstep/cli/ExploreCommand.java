package dev.lockstep.cli;

import dev.lockstep.explore.Defaults;
import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.HtmlReport;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import dev.lockstep.junit.ExploreTest;
import dev.lockstep.junit.MethodScenario;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lockstep explore CLASS[#METHOD]}: explores each {@code @ExploreTest} method and reports what it found. */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Explore the interleavings of every @ExploreTest method of CLASS (or the one named).")
final class ExploreCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLASS[#METHOD]", description = "The test class, or one method of it.")
    String target;

    @Option(names = "--classpath", paramLabel = "PATH", description = "Directories and jars, separated by ':'.")
    String classpath;

    @Option(names = "--strategy", paramLabel = "pct|random|dfs", description = "Overrides the annotation's strategy.")
    String strategy;

    @Option(names = "--depth", paramLabel = "N", description = "The depth of pct.")
    Integer depth;

    @Option(names = "--max-preemptions", paramLabel = "N", description = "The preemption bound of dfs.")
    Integer maxPreemptions;

    @Option(names = "--iterations", paramLabel = "N", description = "The most schedules to run.")
    Integer iterations;

    @Option(names = "--seed", paramLabel = "N", description = "The seed (default: the annotation's, else random).")
    Long seed;

    @Option(names = "--max-steps", paramLabel = "N", description = "The most scheduling steps of one run.")
    Integer maxSteps;

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "Time allowed per method.")
    Long timeLimit;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Schedules run at once (default: one per processor); the result does not depend on it.")
    Integer parallelism;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run the I-th of N disjoint parts of the schedules (N machines together run them all).")
    String shard;

    @Option(names = "--races", negatable = true, fallbackValue = "true",
            description = "Whether a data race fails a schedule (with the agent; default: the annotation's, else on).")
    Boolean races;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Where to write the HTML report.")
    Path report;

    @Option(names = "--format", paramLabel = "text|mermaid|json", defaultValue = "text",
            description = "How to print the result: text (default), mermaid (the failing trace) or json.")
    String format;

    @Option(names = "--progress", paramLabel = "auto|always|never", defaultValue = "auto",
            description = "Show a progress bar: auto (on a terminal only), always, never.")
    String progress;

    @Override
    public Integer call() throws Exception {
        Output.checkFormat(format);
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        // Machine formats own stdout: what is said besides goes to stderr.
        PrintWriter say = "text".equals(format) ? out : spec.commandLine().getErr();
        List<String> json = new java.util.ArrayList<>();
        ClassLoader loader = Targets.loader(classpath);
        Class<?> type = Targets.type(target, loader);
        List<Method> methods = Targets.methods(target, type);
        methods.forEach(m -> Targets.runnableWithoutJUnit(type, m));
        boolean anyFailed = false;
        for (Method m : methods) {
            ExploreTest settings = m.getAnnotation(ExploreTest.class);
            Explorer explorer = explorer(settings, m.getName());
            Scenario scenario = MethodScenario.of(type, m);
            Report r = withContextLoader(loader, () -> explorer.explore(scenario));
            anyFailed |= r.failed();
            String name = type.getName() + "#" + m.getName();
            String replay = "./lockstep replay" + (classpath == null ? "" : " --classpath " + classpath) + " " + name
                    + " %s";
            Path file = Output.reportFile(report, methods.size() == 1 ? null : m.getName());
            HtmlReport.write(r, file, name, replay);
            if ("json".equals(format)) {
                json.add(Output.jsonEntry(name, r));
            } else {
                Output.print(out, format, name, r, "Replay it: " + replay);
            }
            say.println("HTML report: " + file.toAbsolutePath());
            out.flush();
            say.flush();
        }
        if ("json".equals(format)) {
            out.println(Output.jsonDocument(json)); // one document for the whole command
            out.flush();
        }
        return anyFailed ? Main.BUG : Main.OK;
    }

    /** The numeric options, checked in the command line's words before anything runs. */
    private void checkOptions() {
        atLeast("--iterations", iterations, 1);
        atLeast("--max-steps", maxSteps, 1);
        atLeast("--time-limit", timeLimit, 1);
        atLeast("--parallelism", parallelism, 1);
        atLeast("--depth", depth, 1);
        atLeast("--max-preemptions", maxPreemptions, 0);
        if (shard != null) {
            try {
                Explorer.builder().shard(shard);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--shard: " + e.getMessage(), e);
            }
        }
    }

    private static void atLeast(String option, Number value, long least) {
        if (value != null && value.longValue() < least) {
            throw new IllegalArgumentException(option + " must be at least " + least + ", got " + value);
        }
    }

    private Explorer explorer(ExploreTest settings, String method) {
        String s = strategy != null ? strategy : settings != null ? settings.strategy() : Defaults.STRATEGY;
        int d = depth != null ? depth : settings != null ? settings.depth() : Defaults.PCT_DEPTH;
        int p = maxPreemptions != null ? maxPreemptions
                : settings != null ? settings.maxPreemptions() : Defaults.DFS_MAX_PREEMPTIONS;
        Strategy chosen;
        try {
            chosen = Strategy.parse(s, d, p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--strategy: " + e.getMessage(), e);
        }
        Explorer.Builder b = Explorer.builder().strategy(chosen)
                .iterations(iterations != null ? iterations : settings != null ? settings.iterations()
                        : Defaults.ITERATIONS)
                .maxSteps(maxSteps != null ? maxSteps : settings != null ? settings.maxSteps() : Defaults.MAX_STEPS)
                .timeLimit(Duration.ofSeconds(timeLimit != null ? timeLimit
                        : settings != null ? settings.timeLimitSeconds() : Defaults.TIME_LIMIT_SECONDS));
        if (parallelism != null) {
            b.parallelism(parallelism);
        }
        b.races(races != null ? races : settings == null || settings.races());
        if (seed != null) {
            b.seed(seed);
        } else if (settings != null && settings.seed() != 0) {
            b.seed(settings.seed());
        } else if (shard != null) {
            b.seed(MethodScenario.sharedSeed(method)); // every machine's shard explores with the same seed
        }
        if (shard != null) {
            b.shard(shard);
        }
        if (ProgressBar.wanted(progress)) {
            ProgressBar bar = new ProgressBar(System.err, method);
            b.onProgress(p2 -> {
                bar.accept(p2);
                if (p2.iterations() >= p2.maxIterations() || p2.failures() > 0 || p2.timeLeft().isZero()) {
                    bar.done();
                }
            });
        }
        return b.build();
    }

    static <T> T withContextLoader(ClassLoader loader, java.util.function.Supplier<T> work) {
        Thread me = Thread.currentThread();
        ClassLoader before = me.getContextClassLoader();
        me.setContextClassLoader(loader);
        try {
            return work.get();
        } finally {
            me.setContextClassLoader(before);
        }
    }
}
