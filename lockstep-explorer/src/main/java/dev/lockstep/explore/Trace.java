package dev.lockstep.explore;

import java.util.List;

/**
 * What happened in a run, step by step: which task did what (acquired {@code Mutex "account"}; parked on {@code
 * Semaphore "api"}, held by {@code worker-3}; yielded at {@code Account.java:42}), where the preemptions were, and how
 * virtual time moved.
 */
public interface Trace {
    /** The steps, in the order they happened. */
    List<Step> steps();

    /** The names of the tasks, by task id (0 is the scenario's own thread, {@code main}). */
    List<String> tasks();

    /** One column per task, one row per step, like Lincheck's interleaving table. */
    String toText();

    /** The same as a Mermaid {@code sequenceDiagram}, the diagram language of the seed document. */
    String toMermaid();
}
