package dev.lockstep.explore.internal;

import java.io.Serial;

/**
 * Unwinds a task of a run that is over (failed, stopped or abandoned): thrown at its next scheduling point. An Error, so
 * that code catching Exception lets it through; never reported as the scenario's failure.
 */
public final class RunAborted extends Error {
    @Serial
    private static final long serialVersionUID = 1L;
    static final RunAborted INSTANCE = new RunAborted();

    private RunAborted() {
        super("the explorer ended this run", null, false, false);
    }
}
