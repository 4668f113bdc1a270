package dev.lockstep.explore.internal;

import dev.lockstep.explore.Scenario;

/**
 * One carrier of an exploration, with the engine that routes its runs: the thread that calls {@link #run} carries the
 * run, and must be the same thread for every run of this worker. Workers share nothing, so several run at once.
 */
final class Worker {
    private final Engine engine = new Engine();
    private final Outside.ThreadCount threads = new Outside.ThreadCount();
    private final Heartbeat heartbeat = new Heartbeat();
    private final Scenario scenario;
    private final RunLimits limits;
    private final EntryPoint entry;

    Worker(Scenario scenario, RunLimits limits, EntryPoint entry) {
        this.scenario = scenario;
        this.limits = limits;
        this.entry = entry;
    }

    Heartbeat heartbeat() {
        return heartbeat;
    }

    /** Runs the scenario once under {@code chooser}, with a trace if {@code traced}. */
    RunOutcome run(Chooser chooser, boolean traced) {
        Run r = new Run(engine.rootBuilder(), scenario, chooser, limits, threads, heartbeat, entry, traced);
        engine.attach(r);
        try {
            return r.execute();
        } finally {
            engine.detach(r);
        }
    }
}
