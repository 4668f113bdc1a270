package dev.lockstep.explore.internal;

/** A deadline in virtual time: a parked task to wake, or an action to run (a Timeout's deadline). */
final class Timer implements Comparable<Timer> {
    final long deadline;
    final long seq;
    final TaskState task;
    final Runnable action;

    Timer(long deadline, long seq, TaskState task, Runnable action) {
        this.deadline = deadline;
        this.seq = seq;
        this.task = task;
        this.action = action;
    }

    @Override
    public int compareTo(Timer o) {
        int c = Long.compare(deadline, o.deadline);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }
}
