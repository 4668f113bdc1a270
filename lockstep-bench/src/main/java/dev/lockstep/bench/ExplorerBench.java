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

/** Explored schedules per second on three scenarios, with pct(3) and random. */
@State(Scope.Benchmark)
public class ExplorerBench extends Base {
    static final int ITERATIONS = 2000;

    @Param({"lost-update-3", "bounded-buffer-2x2", "semaphore-5"})
    public String scenario;

    @Param({"pct", "random"})
    public String strategy;

    Explorer explorer;
    Scenario s;

    @Setup
    public void setup() {
        s = switch (scenario) {
            case "lost-update-3" -> ExplorerScenarios.lostUpdate();
            case "bounded-buffer-2x2" -> ExplorerScenarios.boundedBuffer();
            default -> ExplorerScenarios.semaphore5();
        };
        explorer = Explorer.builder().strategy(strategy.equals("pct") ? Strategy.pct(3) : Strategy.random())
                .seed(1).iterations(ITERATIONS).parallelism(1).build();
    }

    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public Report explore() {
        Report r = explorer.explore(s);
        if (r.failed() || r.iterations() != ITERATIONS) {
            throw new IllegalStateException(r.summary());
        }
        return r;
    }
}
