package dev.lockstep.explore.internal;

/** One task (virtual thread) of a run, as the explorer sees it. Touched only by the run's carrier. */
final class TaskState {
    static final int RUNNABLE = 0, RUNNING = 1, BLOCKED = 2, DONE = 3;

    final int id;
    final Thread thread;
    final String name;
    /** The continuation the JDK handed us to resume this task; non-null exactly while RUNNABLE. */
    Runnable cont;
    int state = RUNNABLE;
    /** The virtual timer this task is parked on, if any. */
    Timer timer;

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
