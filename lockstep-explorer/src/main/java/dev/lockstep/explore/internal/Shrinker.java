package dev.lockstep.explore.internal;

/**
 * Makes a failing schedule as small as it can while it still fails the same way: fewest preemptions first, then fewest
 * steps. Candidates are run with {@link Follow#guidedBy}, which follows the candidate where the run still matches it
 * and otherwise keeps the last task running, so every candidate is a real schedule. Three moves, until none helps or
 * the budget is spent:
 * <ol>
 *   <li>cut the schedule right after its k-th preemption, for k = 1, 2, ... (drops every later preemption at once);</li>
 *   <li>take out one preemption (keep running the task that was preempted), latest first;</li>
 *   <li>search exhaustively, with a preemption bound of 0, 1, ... below the current count, for any schedule that
 *       fails the same way (CHESS's iterative bounding): on a small scenario this finds the true minimum, which the
 *       local moves can miss when the bug needs its one preemption somewhere else.</li>
 * </ol>
 * No tool in the field (Fray, Lincheck, Coyote, loom, shuttle) shrinks a schedule; a two-switch trace reads far
 * better than a forty-switch one.
 */
final class Shrinker {
    private static final int MAX_RUNS = 3000;
    private static final long MAX_NANOS = 10_000_000_000L;

    private final Worker worker;
    private final RunOutcome found;
    private Schedule best;
    private int bestSteps;
    private int runs;
    private final long stopAt;

    Shrinker(Worker worker, RunOutcome found, long deadline) {
        this.worker = worker;
        this.found = found;
        this.best = found.schedule();
        this.bestSteps = found.steps();
        this.stopAt = Math.min(deadline, System.nanoTime() + MAX_NANOS);
    }

    Schedule shrink() {
        boolean improved = true;
        while (improved && budgetLeft()) {
            improved = cutAfterPreemptions() || dropPreemptions() || boundedSearch();
        }
        return best;
    }

    /** Runs every schedule with fewer preemptions than the best, bound by bound, until one fails the same way. */
    private boolean boundedSearch() {
        for (int bound = 0; bound < best.preemptions() && budgetLeft(); bound++) {
            DfsChooser dfs = new DfsChooser(bound);
            int iteration = 0;
            do {
                if (!budgetLeft()) {
                    return false;
                }
                dfs.begin(iteration++, 0);
                runs++;
                RunOutcome r = worker.run(dfs, false);
                if (found.sameFailureAs(r) && r.schedule().preemptions() < best.preemptions()) {
                    best = r.schedule();
                    bestSteps = r.steps();
                    return true;
                }
            } while (dfs.end());
        }
        return false;
    }

    private boolean cutAfterPreemptions() {
        int[] tasks = best.tasks();
        int seen = 0;
        for (int i = 0; i < best.size() && budgetLeft(); i++) {
            if (best.isPreemption(i)) {
                seen++;
                if (seen < best.preemptions() && tryGuide(java.util.Arrays.copyOf(tasks, i + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean dropPreemptions() {
        for (int i = best.size() - 1; i >= 0 && budgetLeft(); i--) {
            if (best.isPreemption(i)) {
                int[] guide = best.tasks();
                guide[i] = best.lastAt(i);
                if (tryGuide(guide)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean tryGuide(int[] guide) {
        runs++;
        RunOutcome r = worker.run(Follow.guidedBy(guide), false);
        if (!found.sameFailureAs(r)) {
            return false;
        }
        Schedule s = r.schedule();
        if (s.preemptions() < best.preemptions() || (s.preemptions() == best.preemptions() && r.steps() < bestSteps)) {
            best = s;
            bestSteps = r.steps();
            return true;
        }
        return false;
    }

    private boolean budgetLeft() {
        return runs < MAX_RUNS && System.nanoTime() - stopAt < 0 && best.preemptions() > 0;
    }
}
