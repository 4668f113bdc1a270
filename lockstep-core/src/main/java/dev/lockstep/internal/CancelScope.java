package dev.lockstep.internal;

import dev.lockstep.task.TimeoutCancellationException;

/**
 * A deadline that cancels the interruptible Lockstep waits of one thread, opened by {@code Timeout}. Scopes nest; the
 * one whose deadline passed first (the outermost on a tie) owns the cancellation, so an inner timeout never claims an
 * outer one's expiry. Deadlines are in the thread's clock ({@link dev.lockstep.internal.hook.Hooks#nanoTime()}), which
 * is virtual under the explorer.
 */
public final class CancelScope {
    /** The innermost open scope of the current thread (ScopedValue: no per-thread map is created where none is bound). */
    public static final ScopedValue<CancelScope> CURRENT = ScopedValue.newInstance();

    private final CancelScope parent;
    private final Thread owner;
    private final long deadline;

    public CancelScope(CancelScope parent, Thread owner, long deadline) {
        this.parent = parent;
        this.owner = owner;
        this.deadline = deadline;
    }

    /** The current thread's innermost scope, or null. Scopes inherited by forked threads do not apply to them. */
    public static CancelScope current() {
        if (!CURRENT.isBound()) {
            return null;
        }
        Thread me = Thread.currentThread();
        for (CancelScope s = CURRENT.get(); s != null; s = s.parent) {
            if (s.owner == me) {
                return s;
            }
        }
        return null;
    }

    public CancelScope parent() {
        return parent;
    }

    public Thread owner() {
        return owner;
    }

    public long deadline() {
        return deadline;
    }

    /** The earliest deadline of this scope and its enclosing ones. */
    public long earliestDeadline() {
        long d = deadline;
        for (CancelScope s = parent; s != null; s = s.parent) {
            if (s.deadline - d < 0) {
                d = s.deadline;
            }
        }
        return d;
    }

    /** True once the clock reads {@code now} at or past this scope's own deadline. */
    public boolean expiredAt(long now) {
        return now - deadline >= 0;
    }

    /** True if no enclosing scope's deadline is at or before this one's: an expiry then belongs to this scope. */
    public boolean ownsExpiry() {
        for (CancelScope s = parent; s != null; s = s.parent) {
            if (s.deadline - deadline <= 0) {
                return false;
            }
        }
        return true;
    }

    /** The exception a Lockstep wait throws when this chain of scopes has expired. */
    public static TimeoutCancellationException cancellation(Object blocker) {
        return new TimeoutCancellationException("timeout expired while waiting"
                + (blocker == null ? "" : " on " + blocker));
    }
}
