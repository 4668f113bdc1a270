package dev.lockstep.explore.internal;

import dev.lockstep.explore.Scenario;

/**
 * One carrier of an exploration, with the engine that routes its runs: the thread that calls {@link #run} carries the
 * run, and must be the same thread for every run of this worker. Workers share nothing, so several run at once.
 */
final class Worker {
    private final Engine engine = new Engine();
    private final Outside.ThreadCount threads = new Outside.ThreadCount();
    private final Scenario scenario;
    private final int maxSteps;
    private final long deadline;

    Worker(Scenario scenario, int maxSteps, long deadline) {
        this.scenario = scenario;
        this.maxSteps = maxSteps;
        this.deadline = deadline;
    }

    /** Runs the scenario once under {@code chooser}, with a trace if {@code traced}. */
    RunOutcome run(Chooser chooser, boolean traced) {
        Run r = new Run(engine.rootBuilder(), scenario, chooser, maxSteps, deadline, threads, traced);
        engine.attach(r);
        try {
            return r.execute();
        } finally {
            engine.detach(r);
        }
    }
}
