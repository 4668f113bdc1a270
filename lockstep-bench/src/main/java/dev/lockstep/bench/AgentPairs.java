package dev.lockstep.bench;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import dev.lockstep.workload.LostUpdate;
import dev.lockstep.workload.Sleepers;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The explorer on the 3-task lost update without the agent and with it ({@code fields=all}, so that the reads and
 * writes of the counter are scheduling points too), each in a JVM of its own with the JVM's default settings and
 * every available processor: schedules per second and steps per schedule, for random and pct(3).
 */
public final class AgentPairs {
    private AgentPairs() {}

    static final List<String> STRATEGIES = List.of("random", "pct(3)");
    static final String PREFIX = "agent-pair";
    static final String SLEEPERS = "sleepers";
    /** The row of the race detector: a race-free scenario explored with the detector off and on, with the agent. */
    static final String RACES = "races";
    /** A plain run (no explorer) of {@code TestLike}, runs per second: without the agent, and with it. */
    static final String PLAIN_AGENT = "plain-agent";
    /** The same without the agent, and with its {@code races} option. */
    static final String PLAIN_RACES = "plain-races";

    /**
     * One strategy without and with the agent (its race detector off: the scenario races on purpose); for the row
     * named {@link #SLEEPERS}, with the agent: the scenario with the JDK's timed waits ({@code without}) and with
     * {@code Clock.sleep} ({@code with}); for the row named {@link #RACES}, with the agent: {@code
     * LostUpdate.guarded()} with the race detector off ({@code without}) and on ({@code with}).
     */
    public record Result(String strategy, double without, double with, double stepsWithout, double stepsWith) {
        String line() {
            return String.join("\t", PREFIX, strategy, Double.toString(without), Double.toString(with),
                    Double.toString(stepsWithout), Double.toString(stepsWith));
        }

        static Result parse(String line) {
            String[] f = line.split("\t");
            return new Result(f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]));
        }
    }

    /** Measures in this JVM: {@code <rounds> <schedules>}; prints "side strategy rate steps" lines. */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("plain")) {
            System.out.println("plain\t" + plainRate(Integer.parseInt(args[1])));
            return;
        }
        int rounds = Integer.parseInt(args[0]);
        int schedules = Integer.parseInt(args[1]);
        Scenario s = LostUpdate.scenario();
        for (String name : STRATEGIES) {
            Strategy strategy = Strategy.parse(name);
            double[] rates = new double[rounds];
            double steps = 0;
            for (int r = -2; r < rounds; r++) {
                long start = System.nanoTime();
                Report report = Explorer.builder().strategy(strategy).seed(r + 3).iterations(schedules).races(false)
                        .build().explore(s);
                double rate = report.iterations() / ((System.nanoTime() - start) / 1e9);
                if (r >= 0) {
                    rates[r] = rate;
                    steps = (double) report.steps() / report.iterations();
                }
            }
            System.out.println("side\t" + name + "\t" + Stats.median(rates) + "\t" + steps);
        }
        if (System.getProperty("lockstep.agent") != null) {
            // With the agent, the JDK's timed waits are virtual too: the same scenario with them and with Clock.sleep.
            System.out.println("sleepers\t" + rate(Sleepers.jdkWaits(), rounds, schedules / 4, true) + "\t"
                    + rate(Sleepers.clockSleeps(), rounds, schedules / 4, true));
            System.out.println(RACES + "\t" + rate(LostUpdate.guarded(), rounds, schedules, false) + "\t"
                    + rate(LostUpdate.guarded(), rounds, schedules, true));
        }
    }

    /** Median schedules per second of {@code s} with pct(3), after two rounds of warm-up. */
    private static double rate(Scenario s, int rounds, int schedules, boolean races) {
        double[] rates = new double[rounds];
        for (int r = -2; r < rounds; r++) {
            long start = System.nanoTime();
            Report report = Explorer.builder().strategy(Strategy.pct(3)).seed(r + 3).iterations(schedules)
                    .races(races).build().explore(s);
            if (report.failed()) {
                throw new IllegalStateException(report.summary());
            }
            if (r >= 0) {
                rates[r] = report.iterations() / ((System.nanoTime() - start) / 1e9);
            }
        }
        return Stats.median(rates);
    }

    /** Median runs per second of {@code TestLike} over {@code rounds} rounds of a second, after two of warm-up. */
    private static double plainRate(int rounds) throws Exception {
        double[] rates = new double[rounds];
        for (int r = -2; r < rounds; r++) {
            long start = System.nanoTime();
            int runs = 0;
            while (System.nanoTime() - start < 1_000_000_000L) {
                dev.lockstep.workload.TestLike.run();
                runs++;
            }
            if (r >= 0) {
                rates[r] = runs / ((System.nanoTime() - start) / 1e9);
            }
        }
        return Stats.median(rates);
    }

    /** {@code TestLike} run plainly in a fresh JVM with the agent flag {@code agent} (null: none): runs per second. */
    private static double plain(String agent, int rounds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        if (agent != null) {
            command.add(agent);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), AgentPairs.class.getName(), "plain",
                Integer.toString(rounds)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Double rate = null;
        try (BufferedReader out = p.inputReader()) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line);
                if (line.startsWith("plain\t")) {
                    rate = Double.parseDouble(line.substring("plain\t".length()));
                }
            }
        }
        if (p.waitFor() != 0 || rate == null) {
            throw new IllegalStateException("the plain run failed: " + command);
        }
        return rate;
    }

    /** Both sides, each in a fresh JVM. */
    public static List<Result> measure(int rounds, int schedules) throws IOException, InterruptedException {
        List<String[]> without = side(false, rounds, schedules);
        List<String[]> with = side(true, rounds, schedules);
        List<Result> out = new ArrayList<>();
        for (int i = 0; i < STRATEGIES.size(); i++) {
            out.add(new Result(STRATEGIES.get(i), Double.parseDouble(without.get(i)[2]),
                    Double.parseDouble(with.get(i)[2]), Double.parseDouble(without.get(i)[3]),
                    Double.parseDouble(with.get(i)[3])));
        }
        String[] sleepers = with.get(STRATEGIES.size());
        out.add(new Result(SLEEPERS, Double.parseDouble(sleepers[1]), Double.parseDouble(sleepers[2]), 0, 0));
        String[] races = with.get(STRATEGIES.size() + 1);
        out.add(new Result(RACES, Double.parseDouble(races[1]), Double.parseDouble(races[2]), 0, 0));
        int plainRounds = rounds;
        double none = plain(null, plainRounds);
        out.add(new Result(PLAIN_AGENT, none, plain(agentFlag(), plainRounds), 0, 0));
        out.add(new Result(PLAIN_RACES, none, plain(agentFlag() + "=races", plainRounds), 0, 0));
        return out;
    }

    private static List<String[]> side(boolean agent, int rounds, int schedules)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        if (agent) {
            command.add(agentFlag());
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), AgentPairs.class.getName(),
                Integer.toString(rounds), Integer.toString(schedules)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String[]> lines = new ArrayList<>();
        try (BufferedReader out = p.inputReader()) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line);
                if (line.startsWith("side\t") || line.startsWith(SLEEPERS + "\t") || line.startsWith(RACES + "\t")) {
                    lines.add(line.split("\t"));
                }
            }
        }
        if (p.waitFor() != 0 || lines.size() != STRATEGIES.size() + (agent ? 2 : 0)) {
            throw new IllegalStateException("the explorer measurement " + (agent ? "with" : "without")
                    + " the agent failed: " + command);
        }
        return lines;
    }

    /** The agent flag, with the jar found from the working directory (the repository) or next to this class path. */
    static String agentFlag() {
        Path jar = Path.of(AgentOverheadBench.AGENT.substring("-javaagent:".length()));
        if (!jar.toFile().exists()) {
            jar = Path.of("..").resolve(jar); // run from a module's directory (the tests)
        }
        if (!jar.toFile().exists()) {
            throw new IllegalStateException("the Lockstep agent is not built: " + jar.toAbsolutePath()
                    + " (./run-benchmarks builds it)");
        }
        return "-javaagent:" + jar.toAbsolutePath();
    }
}
