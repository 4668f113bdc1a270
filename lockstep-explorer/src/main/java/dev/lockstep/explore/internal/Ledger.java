package dev.lockstep.explore.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The books of one exploration, shared by its workers: which iteration runs next, what each run came to, and when to
 * stop. It makes the result independent of how many workers there are: iterations are handed out in order; the
 * failure reported is the one of the lowest failing iteration, which a single worker would have met first; later
 * iterations still running when it is found are not counted; and the run-length estimate an iteration of pct gets is
 * taken only from iterations at least {@link #LAG} before it, which are finished whoever ran them.
 */
final class Ledger {
    /** The run-length estimate before any run has finished. */
    static final int FIRST_HINT = 16;
    /** How far behind an iteration the runs it learns its length estimate from must be. */
    static final int LAG = 64;

    private final int iterations;
    private final long deadline;
    private final AtomicInteger next = new AtomicInteger();
    /** The lowest failing iteration so far; iterations above it are not started. */
    private volatile int failAt = Integer.MAX_VALUE;
    private volatile boolean stopped;

    // Guarded by this.
    private String stoppedBy = "iterations";
    private RunOutcome failure;
    private int[] decisions = new int[64];
    private int[] steps = new int[64];
    private boolean[] done = new boolean[64];
    /** Iterations 0 .. prefix-1 are all done. */
    private int prefix;
    /** prefixMax[k]: the most decisions of a run among iterations 0 .. k-1. */
    private int[] prefixMax = new int[65];
    private int completed;
    private long realWaitNanos;

    Ledger(int iterations, long deadline) {
        this.iterations = iterations;
        this.deadline = deadline;
    }

    /** The next iteration to run, or -1 if the exploration is over (iterations spent, a failure below, time up). */
    int claim() {
        for (;;) {
            if (stopped) {
                return -1;
            }
            if (System.nanoTime() - deadline > 0) {
                stop("time limit");
                return -1;
            }
            int i = next.get();
            if (i >= iterations || i > failAt) {
                return -1;
            }
            if (next.compareAndSet(i, i + 1)) {
                return i;
            }
        }
    }

    /**
     * The run-length estimate for iteration {@code i}: the most decisions of any run at least {@link #LAG} iterations
     * before it (and of the first run), waiting until those have finished; -1 if the exploration ended meanwhile.
     */
    synchronized int hint(int i) throws InterruptedException {
        if (i == 0) {
            return FIRST_HINT;
        }
        int needed = Math.max(1, i - LAG);
        while (prefix < needed) {
            if (stopped || i > failAt) {
                return -1;
            }
            wait();
        }
        return Math.max(FIRST_HINT, prefixMax[needed]);
    }

    /** Iteration {@code i} ran and came to {@code outcome}. */
    synchronized void finished(int i, RunOutcome outcome) {
        grow(i);
        decisions[i] = outcome.schedule().size();
        steps[i] = outcome.steps();
        done[i] = true;
        completed++;
        realWaitNanos += outcome.realWaitNanos();
        while (prefix < done.length && done[prefix]) {
            prefixMax[prefix + 1] = Math.max(prefixMax[prefix], decisions[prefix]);
            prefix++;
        }
        if (outcome.failed() && i < failAt) {
            failAt = i;
            failure = outcome;
        } else if (outcome.timedOut()) {
            stop("time limit");
        }
        notifyAll();
    }

    /** Ends the exploration: nothing more is claimed. */
    synchronized void stop(String why) {
        if (!stopped) {
            stopped = true;
            stoppedBy = why;
        }
        notifyAll();
    }

    /** How many iterations count: up to the failure if there is one, else every one that ran. */
    synchronized int counted() {
        return failure != null ? failAt + 1 : completed;
    }

    /** The scheduling steps of the counted iterations. */
    synchronized long countedSteps() {
        long sum = 0;
        int last = failure != null ? failAt : steps.length - 1;
        for (int i = 0; i <= last && i < steps.length; i++) {
            sum += steps[i];
        }
        return sum;
    }

    synchronized RunOutcome failure() {
        return failure;
    }

    synchronized int failedIteration() {
        return failAt;
    }

    synchronized String stoppedBy() {
        return failure != null ? "failure" : stoppedBy;
    }

    synchronized long realWaitNanos() {
        return realWaitNanos;
    }

    private void grow(int i) {
        if (i >= done.length) {
            int size = Math.max(i + 1, done.length * 2);
            decisions = Arrays.copyOf(decisions, size);
            steps = Arrays.copyOf(steps, size);
            done = Arrays.copyOf(done, size);
            prefixMax = Arrays.copyOf(prefixMax, size + 1);
        }
    }
}
