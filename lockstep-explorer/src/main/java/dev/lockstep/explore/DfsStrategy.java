package dev.lockstep.explore;

import dev.lockstep.explore.internal.Chooser;
import dev.lockstep.explore.internal.DfsChooser;

/**
 * Preemption-bounded exhaustive search: M. Musuvathi and S. Qadeer, "Iterative Context Bounding for Systematic Testing
 * of Multithreaded Programs", PLDI 2007 (the CHESS model checker). A preemption is a switch away from a task that
 * could have gone on; most concurrency bugs need very few. The search runs every schedule with at most {@code
 * maxPreemptions} of them, depth first, each exactly once, and then reports itself exhausted.
 */
final class DfsStrategy implements Strategy, Chooser.Factory {
    private final int maxPreemptions;

    DfsStrategy(int maxPreemptions) {
        if (maxPreemptions < 0) {
            throw new IllegalArgumentException("Strategy.dfs: maxPreemptions must be >= 0, got " + maxPreemptions);
        }
        this.maxPreemptions = maxPreemptions;
    }

    @Override
    public Chooser newChooser(long seed) {
        return new DfsChooser(maxPreemptions);
    }

    @Override
    public String describe() {
        return "dfs(" + maxPreemptions + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
