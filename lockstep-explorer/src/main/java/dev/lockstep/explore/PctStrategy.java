package dev.lockstep.explore;

import dev.lockstep.explore.internal.Chooser;
import dev.lockstep.explore.internal.PctChooser;

/**
 * Probabilistic concurrency testing: S. Burckhardt, P. Kothari, M. Musuvathi, S. Nagarakatte, "A Randomized Scheduler
 * with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010. Each task gets a random priority when it is created;
 * the runnable task with the highest priority always runs; at {@code depth - 1} change points, chosen uniformly among
 * the run's scheduling steps, the running task's priority drops below every other. A bug that needs {@code depth}
 * ordering constraints is then found in each run with probability at least {@code 1 / (n * k^(depth-1))} for n tasks
 * and k steps.
 */
final class PctStrategy implements Strategy, Chooser.Factory {
    private final int depth;

    PctStrategy(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("Strategy.pct: depth must be >= 1, got " + depth);
        }
        this.depth = depth;
    }

    @Override
    public Chooser newChooser(long seed) {
        return new PctChooser(seed, depth);
    }

    @Override
    public String describe() {
        return "pct(" + depth + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
