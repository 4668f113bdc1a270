package dev.lockstep.explore.internal;

/** One task (virtual thread) of a run, as the explorer sees it. Touched only by the run's carrier and its own thread. */
final class TaskState {
    static final int RUNNABLE = 0, RUNNING = 1, BLOCKED = 2, DONE = 3;

    final int id;
    final Thread thread;
    final String name;
    /**
     * The continuation the JDK handed us to resume this task; non-null while RUNNABLE, and while a task woken in
     * {@code Object.wait} waits for its monitor (still BLOCKED, see {@link #waitingOn}).
     */
    Runnable cont;
    int state = RUNNABLE;
    /** The platform thread this task stands in for (the agent had the run adopt it), or null. */
    Thread adopted;
    /** The virtual timer this task is parked on, if any. */
    Timer timer;

    // ---- what it waits for, beyond its park blocker (the agent's operations) ----------------------------------------

    /** The lock a call into {@code java.util.concurrent} is about to take (for deadlock pictures); cleared after it. */
    Object wants;
    /** The monitor this task waits to enter, or null. */
    Object entering;
    /** The monitor of the {@code Object.wait} this task is in, or null. */
    Object waitingOn;
    /** While in {@code Object.wait}: the monitor was handed back to it, so it may run. */
    boolean granted;
    /** While in {@code Object.wait}: the explorer woke it (notified, timed out), not an interrupt. */
    boolean explorerWake;
    /** While in {@code Object.wait}: an interrupt from someone else woke it. */
    boolean interruptedMeanwhile;
    /** The monitor's entry count it gave up in {@code Object.wait}, to take back. */
    int savedCount;

    // ---- fairness --------------------------------------------------------------------------------------------------

    /** The run's switch count at this task's last yield: unchanged at its next yield means it spins. */
    long yieldMark = -1;
    /**
     * The switch count at which it yielded twice with no other task running in between: while the count stays there,
     * it is not chosen if another task can run (CHESS's fair scheduling of yields).
     */
    long spinningAt = -1;
    /** What this task's current loop iteration read, hashed; a repeat with no write means it polls. */
    long iteration;
    long previousIteration;
    boolean wroteThisIteration;
    /** Back edges since the last scheduling point, with no read to tell iterations apart (fields=none). */
    int blindBackEdges;

    TaskState(int id, Thread thread, String name) {
        this.id = id;
        this.thread = thread;
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}
