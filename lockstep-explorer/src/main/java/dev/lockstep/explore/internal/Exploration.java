package dev.lockstep.explore.internal;

import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Scenario;
import dev.lockstep.internal.Carriers;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code explore} or {@code replay} call: runs the iterations on as many workers as the options allow, then
 * shrinks the failure found and runs its smallest schedule once more with a trace. It sees each run only through its
 * {@link RunOutcome}. Runs on a platform thread, which carries the first worker.
 */
public final class Exploration {
    private final Scenario scenario;
    private final Options options;

    public Exploration(Scenario scenario, Options options) {
        this.scenario = scenario;
        this.options = options;
    }

    /** Explores the scenario as the options say. */
    public ReportImpl explore() {
        long start = System.nanoTime();
        long deadline = options.deadline(start);
        Ledger ledger = new Ledger(options.iterations(), deadline);
        int workers = Strategies.parallel(options.strategy())
                ? Math.max(1, Math.min(options.parallelism(), options.iterations())) : 1;
        // Blocks small enough that pct's estimate (from iterations Ledger.LAG back) is ready when a block starts.
        int block = Math.max(1, Math.min(16, Ledger.LAG / (2 * workers)));
        List<Thread> helpers = new ArrayList<>();
        Throwable[] helperFailure = new Throwable[1];
        for (int k = 1; k < workers; k++) {
            Thread t = Carriers.newThread("lockstep-explorer-" + k, true, () -> {
                try {
                    iterate(new Worker(scenario, options.maxSteps(), deadline), ledger, false, start, block);
                } catch (Throwable e) {
                    synchronized (helperFailure) {
                        helperFailure[0] = e;
                    }
                    ledger.stop("error");
                }
            });
            helpers.add(t);
            t.start();
        }
        Worker first = new Worker(scenario, options.maxSteps(), deadline);
        boolean exhausted;
        try {
            exhausted = iterate(first, ledger, true, start, block);
        } catch (RuntimeException | Error e) {
            ledger.stop("error");
            joinAll(helpers);
            throw e;
        }
        joinAll(helpers);
        synchronized (helperFailure) {
            if (helperFailure[0] instanceof RuntimeException e) {
                throw e;
            }
            if (helperFailure[0] instanceof Error e) {
                throw e;
            }
        }
        RunOutcome found = ledger.failure();
        FailureImpl failure = found == null ? null : investigate(first, found, ledger.failedIteration(), deadline);
        options.progress(0, start, ledger.counted(), failure == null ? 0 : 1, true);
        return new ReportImpl(failure, ledger.counted(), exhausted && found == null, System.nanoTime() - start,
                options.seed(), options.strategy().describe(), ledger.stoppedBy(), ledger.realWaitNanos(),
                ledger.countedSteps(), workers);
    }

    /**
     * One worker's share: claims blocks of iterations until the ledger says stop, and books each block's outcomes at
     * its end (or at a failure, at once).
     *
     * @return true if the strategy ran out of schedules (dfs exhausted)
     */
    private boolean iterate(Worker worker, Ledger ledger, boolean reports, long start, int block) {
        Chooser chooser = Strategies.chooser(options.strategy(), options.seed());
        boolean hinted = chooser instanceof PctChooser;
        int[] decisions = new int[block];
        int[] steps = new int[block];
        long reported = start;
        for (;;) {
            if (reports) {
                reported = options.progress(reported, start, ledger.counted(), 0, false);
            }
            int first = ledger.claim(block);
            if (first < 0) {
                return false;
            }
            int end = ledger.end(first, block);
            int ran = 0;
            long waited = 0;
            for (int i = first; i < end && ledger.wanted(i); i++) {
                int hint;
                try {
                    hint = hinted ? ledger.hint(i) : 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    ledger.stop("interrupted");
                    hint = -1;
                }
                if (hint < 0) {
                    break;
                }
                chooser.begin(i, hint);
                RunOutcome outcome = worker.run(chooser, false);
                decisions[ran] = outcome.schedule().size();
                steps[ran] = outcome.steps();
                waited += outcome.realWaitNanos();
                ran++;
                if (outcome.failed() || outcome.timedOut()) {
                    ledger.finished(first, ran, decisions, steps, waited, outcome.failed() ? outcome : null,
                            outcome.timedOut());
                    return false;
                }
                if (!chooser.end()) {
                    ledger.finished(first, ran, decisions, steps, waited, null, false);
                    ledger.stop("exhausted");
                    return true;
                }
            }
            ledger.finished(first, ran, decisions, steps, waited, null, false);
            if (ran < end - first) {
                return false;
            }
        }
    }

    /** A run failed: shrinks its schedule, then runs the smallest one with a trace. */
    private FailureImpl investigate(Worker worker, RunOutcome found, int iteration, long deadline) {
        Schedule smallest = new Shrinker(worker, found, deadline).shrink();
        RunOutcome traced = worker.run(Follow.guidedBy(smallest.tasks()), true);
        if (!found.sameFailureAs(traced)) {
            traced = worker.run(Follow.guidedBy(found.schedule().tasks()), true);
        }
        if (!traced.failed()) {
            // The failure did not reproduce under replay: report it as found, without a faithful trace.
            return new FailureImpl(found.kind(), found.message(), found.schedule().encode(), options.seed(),
                    iteration, traced.trace(), found.cause(), found.schedule().preemptions(),
                    found.schedule().preemptions(), found.steps(), found.steps());
        }
        return failureOf(traced, found, iteration);
    }

    /** Runs the scenario once along {@code schedule}, with a trace. */
    public ReportImpl replay(int[] schedule, String text) {
        long start = System.nanoTime();
        Follow chooser = Follow.exactly(schedule);
        chooser.begin(0, 0);
        RunOutcome r = new Worker(scenario, options.maxSteps(), options.deadline(start)).run(chooser, true);
        FailureImpl failure = null;
        if (r.failed()) {
            failure = failureOf(r, r, 0);
        } else if (!r.timedOut() && chooser.used() < schedule.length) {
            failure = new FailureImpl(Failure.Kind.NONDETERMINISM, "the run ended after " + chooser.used() + " of the "
                    + schedule.length + " decisions of the schedule " + text + ": the scenario did not repeat itself",
                    text, options.seed(), 0, r.trace(), null, r.schedule().preemptions(), r.schedule().preemptions(),
                    r.steps(), r.steps());
        }
        return new ReportImpl(failure, 1, false, System.nanoTime() - start, options.seed(), "replay",
                failure != null ? "failure" : r.timedOut() ? "time limit" : "iterations", r.realWaitNanos(), r.steps(),
                1);
    }

    private FailureImpl failureOf(RunOutcome r, RunOutcome original, int iteration) {
        return new FailureImpl(r.kind(), r.message(), r.schedule().encode(), options.seed(), iteration, r.trace(),
                r.cause(), original.schedule().preemptions(), r.schedule().preemptions(), original.steps(), r.steps());
    }

    private static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
