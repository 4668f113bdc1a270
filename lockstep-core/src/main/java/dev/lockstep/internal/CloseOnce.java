package dev.lockstep.internal;

import dev.lockstep.sync.Guard;

/**
 * A {@link Guard} that gives back what it holds on its first {@code close()} and ignores later ones, as the contract
 * of {@code Guard} asks. Closed by the thread that acquired it, so the flag needs no synchronization.
 */
public abstract class CloseOnce implements Guard {
    /** Set by the first close; read and written by the owning thread only. */
    private boolean closed;

    /** Gives back what this guard holds; called once. */
    protected abstract void release();

    /**
     * What the guard holds, for {@code toString}, e.g. {@code Guard of Mutex "account"}: made only when asked, since a
     * guard is made on every acquire and the text would be most of its cost.
     */
    protected abstract String label();

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    @Override
    public String toString() {
        return label() + (closed ? " (closed)" : "");
    }
}
