package dev.lockstep.explore.internal;

/**
 * Follows a guide where it can and otherwise keeps the last task running (else the lowest id): the chooser that
 * shrinking runs its candidates with. A candidate is a recorded schedule with a preemption taken out or its tail cut
 * off; the guide stays meaningful where the run still matches it, and the non-preemptive default fills in the rest.
 */
public final class GuidedChooser implements Chooser {
    private final int[] guide;

    public GuidedChooser(int[] guide) {
        this.guide = guide;
    }

    @Override
    public int choose(int[] enabled, int n, int last, int decision) {
        if (decision < guide.length) {
            int wanted = guide[decision];
            for (int i = 0; i < n; i++) {
                if (enabled[i] == wanted) {
                    return wanted;
                }
            }
        }
        return last >= 0 ? last : enabled[0];
    }
}
