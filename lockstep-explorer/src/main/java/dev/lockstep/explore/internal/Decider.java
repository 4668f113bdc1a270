package dev.lockstep.explore.internal;

/**
 * Who runs next, in one run: asks the chooser at every scheduling point where more than one task can run, records
 * the decisions (the run's schedule), and applies the fair scheduling of yields (CHESS, Musuvathi and Qadeer, PLDI
 * 2008): a task that yields twice with no other task running in between spins, and is left out of the next choice
 * if any other task can run, so switching away from it is no preemption.
 */
final class Decider {
    private final Chooser chooser;
    private final Tasks tasks;
    private final Schedule.Recorder schedule = new Schedule.Recorder();
    private int decisions;
    /** How many times the running task changed: a task that yields twice with this unchanged spins. */
    private long switches;
    private String refusal;

    Decider(Chooser chooser, Tasks tasks) {
        this.chooser = chooser;
        this.tasks = tasks;
    }

    /**
     * The next task among the runnable ones and {@code running} (a task at a scheduling point, else null), or null
     * if none can run, or if the chooser refused (then {@link #refusal()} says why). {@code last} ran last.
     */
    TaskState next(TaskState running, TaskState last, Narrator narrator) {
        int n = tasks.enabled(running, switches);
        int[] enabled = tasks.enabledIds();
        if (n == 0) {
            return null;
        }
        TaskState previous = running != null ? running : last;
        // A task that spins was left out: switching away from it is no preemption.
        int lastId = previous != null && (previous == running || previous.state == TaskState.RUNNABLE)
                && previous.spinningAt != switches ? previous.id : -1;
        if (n == 1) {
            return tasks.get(enabled[0]);
        }
        int chosen = chooser.choose(enabled, n, lastId, decisions);
        if (chosen < 0) {
            refusal = chooser.refusal();
            return null;
        }
        schedule.add(chosen, lastId);
        decisions++;
        if (lastId >= 0 && chosen != lastId) {
            narrator.preempted(lastId, tasks.get(chosen));
        }
        return tasks.get(chosen);
    }

    /** A binary decision (a spurious wake-up or not), recorded like a choice: 1 or 0, or -1 if the chooser refused. */
    int coin() {
        int outcome = chooser.coin(decisions);
        if (outcome < 0) {
            refusal = chooser.refusal();
            return -1;
        }
        schedule.add(outcome, -1);
        decisions++;
        return outcome;
    }

    /** Task {@code t} was created. */
    void created(TaskState t) {
        chooser.taskCreated(t.id, t.name);
    }

    /** The running task changed. */
    void switched() {
        switches++;
    }

    /** {@code t} yielded: if no other task ran since its last yield, it spins. */
    void yielded(TaskState t) {
        if (t.yieldMark == switches) {
            t.spinningAt = switches;
        }
        t.yieldMark = switches;
    }

    /** Why the chooser refused, or null. */
    String refusal() {
        return refusal;
    }

    Schedule schedule() {
        return schedule.build();
    }
}
