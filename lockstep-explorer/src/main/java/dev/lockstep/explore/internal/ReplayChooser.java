package dev.lockstep.explore.internal;

/**
 * Follows a recorded schedule exactly, for {@code Explorer.replay}: the n-th decision runs the n-th recorded task, and a
 * decision the schedule cannot make (its task is not runnable, or the schedule is over) stops the run as
 * NONDETERMINISM.
 */
public final class ReplayChooser implements Chooser {
    private final int[] schedule;
    private final java.util.function.IntFunction<String> names;
    private int used;
    private String refusal = "";

    public ReplayChooser(int[] schedule, java.util.function.IntFunction<String> names) {
        this.schedule = schedule;
        this.names = names;
    }

    @Override
    public int choose(int[] enabled, int n, int last, int decision) {
        if (decision >= schedule.length) {
            refusal = "the run went on past the end of the recorded schedule (" + schedule.length
                    + " decisions); runnable now: " + list(enabled, n);
            return -1;
        }
        int expected = schedule[decision];
        for (int i = 0; i < n; i++) {
            if (enabled[i] == expected) {
                used = decision + 1;
                return expected;
            }
        }
        refusal = "at decision " + decision + " the schedule expects " + names.apply(expected)
                + " to run, but it cannot; runnable now: " + list(enabled, n);
        return -1;
    }

    /** How many decisions of the schedule the run used. */
    public int used() {
        return used;
    }

    @Override
    public String refusal() {
        return refusal;
    }

    private String list(int[] enabled, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(names.apply(enabled[i]));
        }
        return sb.toString();
    }
}
