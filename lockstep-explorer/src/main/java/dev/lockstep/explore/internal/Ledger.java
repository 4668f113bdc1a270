package dev.lockstep.explore.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The books of one exploration, shared by its workers: which iterations run next, what each run came to, and when to
 * stop. It makes the result independent of how many workers there are: iterations are handed out in order, in small
 * blocks (a worker touches the shared books once per block, not once per run); the failure reported is the one of
 * the lowest failing iteration, which a single worker would have met first; iterations above it that were still
 * running when it was found are not counted; and the run-length estimate an iteration of pct gets is taken only from
 * iterations at least {@link #LAG} before it, which are finished whoever ran them.
 */
final class Ledger {
    /** The run-length estimate before any run has finished. */
    static final int FIRST_HINT = 16;
    /** How far behind an iteration the runs it learns its length estimate from must be. */
    static final int LAG = 64;
    /**
     * The estimate is learnt from the first this many iterations only, so that it is the same in every shard of an
     * exploration (each runs them, counting its own) and an iteration's schedule depends on its number alone.
     */
    static final int CALIBRATION = 64;

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
    /** Whether iteration i is this shard's: it counts, and its failure is reported. */
    private boolean[] owned = new boolean[64];
    /** Iterations 0 .. prefix-1 are all done. */
    private int prefix;
    /** prefixMax[k]: the most decisions of a run among iterations 0 .. k-1. */
    private int[] prefixMax = new int[65];
    private int completed;
    private long realWaitNanos;
    private String realWaitWhere;

    Ledger(int iterations, long deadline) {
        this.iterations = iterations;
        this.deadline = deadline;
    }

    /**
     * The first of up to {@code size} consecutive iterations for the caller to run, in order, or -1 if the exploration
     * is over (iterations spent, a failure below, time up). {@link #end(int)} says where the block ends.
     */
    int claim(int size) {
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
            if (next.compareAndSet(i, end(i, size))) {
                return i;
            }
        }
    }

    /**
     * Where the block claimed from {@code first} with {@code size} ends (exclusive). The first iteration is a block of
     * its own: every other iteration's estimate waits for it.
     */
    int end(int first, int size) {
        return first == 0 ? 1 : (int) Math.min((long) first + size, iterations);
    }

    /** Whether iteration {@code i} of a claimed block should still run. */
    boolean wanted(int i) {
        return !stopped && i <= failAt;
    }

    /**
     * The run-length estimate for iteration {@code i}: the most decisions of any run at least {@link #LAG} iterations
     * before it (and of the first run) among the first {@link #CALIBRATION}, waiting until those have finished; -1 if
     * the exploration ended meanwhile.
     */
    synchronized int hint(int i) throws InterruptedException {
        if (i == 0) {
            return FIRST_HINT;
        }
        int needed = Math.max(1, Math.min(i - LAG, CALIBRATION));
        while (prefix < needed) {
            if (stopped || i > failAt) {
                return -1;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                stop("time limit"); // the iteration waited for may never end (a task spinning in it)
                return -1;
            }
            wait(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return Math.max(FIRST_HINT, prefixMax[needed]);
    }

    /**
     * Iterations {@code first} to {@code first + count - 1} ran (or, not this shard's, were passed over): their
     * decisions and steps, in order, and which were this shard's. If the last of them failed, {@code failed} is its
     * outcome.
     */
    synchronized void finished(int first, int count, int[] blockDecisions, int[] blockSteps, boolean[] blockOwned,
            long waited, String waitedFor, RunOutcome failed, boolean timedOut) {
        if (count > 0) {
            grow(first + count - 1);
        }
        for (int k = 0; k < count; k++) {
            decisions[first + k] = blockDecisions[k];
            steps[first + k] = blockSteps[k];
            done[first + k] = true;
            owned[first + k] = blockOwned[k];
            completed += blockOwned[k] ? 1 : 0;
        }
        realWaitNanos += waited;
        if (realWaitWhere == null) {
            realWaitWhere = waitedFor;
        }
        while (prefix < done.length && done[prefix]) {
            prefixMax[prefix + 1] = Math.max(prefixMax[prefix], decisions[prefix]);
            prefix++;
        }
        int last = first + count - 1;
        if (failed != null && last < failAt) {
            failAt = last;
            failure = failed;
        } else if (timedOut) {
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

    /** How many of this shard's iterations count: up to the failure if there is one, else every one that ran. */
    synchronized int counted() {
        if (failure == null) {
            return completed;
        }
        int n = 0;
        for (int i = 0; i <= failAt; i++) {
            n += owned[i] ? 1 : 0;
        }
        return n;
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

    /** What a run first waited for in real time, or null. */
    synchronized String realWaitWhere() {
        return realWaitWhere;
    }

    private void grow(int i) {
        if (i >= done.length) {
            int size = Math.max(i + 1, done.length * 2);
            decisions = Arrays.copyOf(decisions, size);
            steps = Arrays.copyOf(steps, size);
            done = Arrays.copyOf(done, size);
            owned = Arrays.copyOf(owned, size);
            prefixMax = Arrays.copyOf(prefixMax, size + 1);
        }
    }
}
