package dev.lockstep.verify;

import dev.lockstep.sync.Mutex;

/**
 * A count a scenario keeps of what its tasks did (permits in use, waiters woken), guarded by a Lockstep {@link Mutex}:
 * the explorer sees every change as the scheduling point it is, with or without the agent, and the race detector has
 * nothing to report. A plain {@code int} shared by tasks would be a data race of the scenario itself; an {@code
 * AtomicInteger} would be synchronization an exploration without the agent cannot see.
 */
final class Tally {
    private final Mutex lock = new Mutex("tally");
    /** Changed only under {@link #lock}. */
    private int count;

    /** Adds {@code delta}; uninterruptible, so that a task interrupted by its scenario still counts. */
    void add(int delta) {
        lock.lock();
        try {
            count += delta;
        } finally {
            lock.unlock();
        }
    }

    /** The count, for a task of the scenario. */
    int get() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The count, for an {@code Invariant}: invariants run on the explorer's carrier between steps, while no task
     * runs, so the plain read is ordered after every change (and taking the lock there would be a thread outside the
     * run touching it).
     */
    int between() {
        return count;
    }

    @Override
    public String toString() {
        return Integer.toString(count);
    }
}
