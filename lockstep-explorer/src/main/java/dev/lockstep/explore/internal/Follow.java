package dev.lockstep.explore.internal;

import java.util.ArrayList;

/**
 * Follows a recorded schedule, decision by decision: the one place that does, for replay ({@link #exactly}), for the
 * candidates of shrinking ({@link #guidedBy}) and, through {@link #recorded}, for the path prefix of {@code dfs}.
 */
final class Follow implements Chooser {
    /** {@link #recorded}: the schedule's task for this decision cannot run now. */
    static final int NOT_ENABLED = -1;
    /** {@link #recorded}: the schedule has no decision this far. */
    static final int PAST_END = -2;

    private final int[] schedule;
    /** Whether a decision the schedule cannot make stops the run; if not, the last task keeps running. */
    private final boolean strict;
    /** The names of the run's tasks by id, for the refusal. */
    private final ArrayList<String> names = new ArrayList<>();
    private int used;
    private String refusal = "";

    private Follow(int[] schedule, boolean strict) {
        this.schedule = schedule;
        this.strict = strict;
    }

    /**
     * Follows {@code schedule} exactly, for {@code Explorer.replay}: a decision it cannot make (its task cannot run,
     * or the schedule is over) stops the run as NONDETERMINISM.
     */
    static Follow exactly(int[] schedule) {
        return new Follow(schedule, true);
    }

    /**
     * Follows {@code guide} where it can and otherwise keeps the last task running (else the lowest id): the chooser
     * of shrinking's candidates. A candidate is a recorded schedule with a preemption taken out or its tail cut off;
     * the guide stays meaningful where the run still matches it, and the non-preemptive default fills in the rest.
     */
    static Follow guidedBy(int[] guide) {
        return new Follow(guide, false);
    }

    /**
     * The task {@code schedule} chose at {@code decision}, if it is among the {@code n} enabled ones; else {@link
     * #NOT_ENABLED}, or {@link #PAST_END} if the schedule has no such decision.
     */
    static int recorded(int[] schedule, int decision, int[] enabled, int n) {
        if (decision >= schedule.length) {
            return PAST_END;
        }
        int wanted = schedule[decision];
        for (int i = 0; i < n; i++) {
            if (enabled[i] == wanted) {
                return wanted;
            }
        }
        return NOT_ENABLED;
    }

    @Override
    public void begin(int iteration, int lengthHint) {
        names.clear();
    }

    @Override
    public void taskCreated(int id, String name) {
        names.add(name);
    }

    @Override
    public int choose(int[] enabled, int n, int last, int decision) {
        int task = recorded(schedule, decision, enabled, n);
        if (task >= 0) {
            used = decision + 1;
            return task;
        }
        if (!strict) {
            return last >= 0 ? last : enabled[0];
        }
        refusal = task == PAST_END
                ? "the run went on past the end of the recorded schedule (" + schedule.length
                        + " decisions); runnable now: " + list(enabled, n)
                : "at decision " + decision + " the schedule expects " + name(schedule[decision])
                        + " to run, but it cannot; runnable now: " + list(enabled, n);
        return -1;
    }

    /** How many decisions of the schedule the run used. */
    int used() {
        return used;
    }

    @Override
    public String refusal() {
        return refusal;
    }

    private String list(int[] enabled, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(name(enabled[i]));
        }
        return sb.toString();
    }

    private String name(int id) {
        return id < names.size() ? names.get(id) : "task #" + id + " (not started yet)";
    }
}
