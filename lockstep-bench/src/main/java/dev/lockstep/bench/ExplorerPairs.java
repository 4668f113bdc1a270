package dev.lockstep.bench;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The explorer with one worker and with two, in turns in one JVM: on the fixed 3-task lost update, each round explores
 * the same schedules with parallelism 1 and 2 back to back (in alternating order), for random, pct(3) and dfs(2); the
 * ratio is the median of the per-round ratios. Also each strategy's steps per schedule and nanoseconds per step with
 * one worker. Runs in a JVM of its own with the JVM's default settings, as a user's test runs.
 */
public final class ExplorerPairs {
    private ExplorerPairs() {}

    /** The strategies measured, as the command line names them. */
    static final List<String> STRATEGIES = List.of("random", "pct(3)", "dfs(2)");

    /**
     * One strategy: median schedules per second with one and with two workers, the median per-round ratio and its
     * quartiles, and the steps per schedule and nanoseconds per step with one worker.
     */
    public record Result(String strategy, double one, double two, double ratio, double lowQuartile,
            double highQuartile, double stepsPerSchedule, double nanosPerStep) {

        String line() {
            return String.join("\t", PREFIX, strategy, Double.toString(one), Double.toString(two),
                    Double.toString(ratio), Double.toString(lowQuartile), Double.toString(highQuartile),
                    Double.toString(stepsPerSchedule), Double.toString(nanosPerStep));
        }

        static Result parse(String line) {
            String[] f = line.split("\t");
            return new Result(f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    Double.parseDouble(f[8]));
        }
    }

    static final String PREFIX = "explorer-pair";

    /** Measures in this JVM and prints one line per strategy: {@code <rounds> <schedules per side and round>}. */
    public static void main(String[] args) {
        for (Result r : all(Integer.parseInt(args[0]), Integer.parseInt(args[1]))) {
            System.out.println(r.line());
        }
    }

    /** Measures in a JVM of its own, with no flag but the one the explorer needs. */
    public static List<Result> inFreshJvm(int rounds, int schedules) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ExplorerPairs.class.getName(), Integer.toString(rounds), Integer.toString(schedules));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Result> results = new ArrayList<>();
        try (BufferedReader out = p.inputReader()) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line);
                if (line.startsWith(PREFIX + "\t")) {
                    results.add(Result.parse(line));
                }
            }
        }
        int status = p.waitFor();
        if (status != 0 || results.size() != STRATEGIES.size()) {
            throw new IllegalStateException("the explorer pairs exited with " + status + " after " + results.size()
                    + " of " + STRATEGIES.size() + " results: " + command);
        }
        return results;
    }

    /** Measures every strategy: two warm-up rounds, then {@code rounds} rounds of {@code schedules} a side. */
    public static List<Result> all(int rounds, int schedules) {
        Scenario scenario = ExplorerScenarios.lostUpdateFixed();
        // Warm every strategy up before measuring any: the JIT compiles the explorer's paths while the first one
        // runs, and in a fresh JVM the strategy measured first ran at a third of its later rate.
        for (int w = 0; w < 3; w++) {
            for (String name : STRATEGIES) {
                measure(scenario, Strategy.parse(name), 1 + (w & 1), schedules);
            }
        }
        List<Result> out = new ArrayList<>();
        for (String name : STRATEGIES) {
            Strategy strategy = Strategy.parse(name);
            int warmups = 2;
            double[] one = new double[rounds];
            double[] two = new double[rounds];
            double[] ratios = new double[rounds];
            double[] stepsPerSchedule = new double[rounds];
            for (int r = -warmups; r < rounds; r++) {
                boolean oneFirst = (r & 1) == 0;
                Side a = measure(scenario, strategy, oneFirst ? 1 : 2, schedules);
                Side b = measure(scenario, strategy, oneFirst ? 2 : 1, schedules);
                Side s1 = oneFirst ? a : b;
                Side s2 = oneFirst ? b : a;
                if (r >= 0) {
                    one[r] = s1.rate();
                    two[r] = s2.rate();
                    ratios[r] = s2.rate() / s1.rate();
                    stepsPerSchedule[r] = s1.stepsPerSchedule();
                }
            }
            double rateOne = Stats.median(one);
            double steps = Stats.median(stepsPerSchedule);
            out.add(new Result(name, rateOne, Stats.median(two), Stats.median(ratios), Stats.quantile(ratios, 0.25),
                    Stats.quantile(ratios, 0.75), steps, 1e9 / (rateOne * steps)));
        }
        return out;
    }

    private record Side(double rate, double stepsPerSchedule) {}

    /** Explores until {@code schedules} have run (dfs(2) runs out sooner: its exploration is repeated). */
    private static Side measure(Scenario scenario, Strategy strategy, int parallelism, int schedules) {
        long start = System.nanoTime();
        long done = 0;
        long steps = 0;
        for (long seed = 1; done < schedules; seed++) {
            Report r = Explorer.builder().strategy(strategy).seed(seed).iterations(schedules).parallelism(parallelism)
                    .build().explore(scenario);
            if (r.failed()) {
                throw new IllegalStateException(r.summary());
            }
            done += r.iterations();
            steps += r.steps();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Side(done / seconds, (double) steps / done);
    }
}
