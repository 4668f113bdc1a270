package dev.lockstep.explore.internal;

/**
 * What a worker's carrier is doing, for the supervisor on another thread: which task runs a step, since when, in
 * which iteration. A step normally lasts microseconds; one that lasts past the time limit never ends (a task loops
 * without a scheduling point, or blocked while pinned to the carrier), and the supervisor gives up on that worker.
 */
final class Heartbeat {
    private volatile Run run;
    private volatile TaskState task;
    private volatile long since;
    private volatile int iteration;

    void iteration(int i) {
        iteration = i;
    }

    void begin(Run r, TaskState t) {
        run = r;
        since = System.nanoTime();
        task = t;
    }

    void end() {
        task = null;
    }

    /** The task running a step that began before {@code nanos}, or null. */
    TaskState stuckSince(long nanos) {
        TaskState t = task;
        return t != null && since - nanos < 0 ? t : null;
    }

    Run run() {
        return run;
    }

    int iteration() {
        return iteration;
    }
}
