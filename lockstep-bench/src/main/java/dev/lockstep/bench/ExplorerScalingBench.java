package dev.lockstep.bench;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** How the cost of one explored schedule grows with the number of tasks and of scheduling points per task. */
@State(Scope.Benchmark)
public class ExplorerScalingBench extends Base {
    static final int ITERATIONS = 200;

    @Param({"2", "4", "8", "16", "32"})
    public int tasks;

    @Param({"1", "4", "16"})
    public int steps;

    Explorer explorer;
    Scenario s;

    @Setup
    public void setup() {
        s = ExplorerScenarios.scaling(tasks, steps);
        explorer = Explorer.builder().strategy(Strategy.random()).seed(1).iterations(ITERATIONS).parallelism(1)
                .maxSteps(100_000).build();
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public Report explore() {
        return explorer.explore(s);
    }
}
