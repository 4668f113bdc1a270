package dev.lockstep.internal.hook;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tasks that one run's threads handed to other threads (an executor's, a new thread) and that have not yet run
 * to their end outside the run. A run whose tasks all wait while one of these is queued or running elsewhere may be
 * woken by a thread it does not control: it is not yet a deadlock, and the explorer gives that thread a moment.
 */
public final class Pending {
    /** Handed off, not yet begun by any thread. */
    final AtomicInteger queued = new AtomicInteger();
    /** Begun on a thread outside the run, not yet ended. */
    final AtomicInteger outside = new AtomicInteger();

    /** How many hand-offs no thread has begun yet. */
    public int queued() {
        return queued.get();
    }

    /** How many hand-offs a thread outside the run is running now. */
    public int outside() {
        return outside.get();
    }
}
