package dev.lockstep.internal;

import dev.lockstep.sync.Guard;

/**
 * A {@link Guard} that gives back what it holds on its first {@code close()} and ignores later ones, as the contract
 * of {@code Guard} asks. Closed by the thread that acquired it, so the flag needs no synchronization.
 */
public abstract class CloseOnce implements Guard {
    /** Set by the first close; read and written by the owning thread only. */
    private boolean closed;
    private final String label;

    /** @param label what the guard holds, for {@code toString}, e.g. {@code Guard of Mutex "account"} */
    protected CloseOnce(String label) {
        this.label = label;
    }

    /** Gives back what this guard holds; called once. */
    protected abstract void release();

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    @Override
    public String toString() {
        return label + (closed ? " (closed)" : "");
    }
}
