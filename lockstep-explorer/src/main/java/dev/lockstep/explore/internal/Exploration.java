package dev.lockstep.explore.internal;

import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Scenario;
import java.util.List;

/**
 * One {@code explore} or {@code replay} call: runs the iterations on as many workers as the options allow, then
 * shrinks the failure found and runs its smallest schedule once more with a trace. It sees each run only through its
 * {@link RunOutcome}. Workers run on carriers of their own; the calling thread only supervises them ({@link
 * Supervisor}), so that the call returns even when a task never gives its carrier back.
 */
public final class Exploration {
    private final Scenario scenario;
    private final Options options;
    private final EntryPoint entry;

    public Exploration(Scenario scenario, Options options) {
        this.scenario = scenario;
        this.options = options;
        this.entry = new EntryPoint(scenario.codeSource());
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
        long[] reported = {start};
        Supervisor supervisor = new Supervisor(deadline,
                () -> reported[0] = options.progress(reported[0], start, ledger.counted(), 0, false));
        boolean[] exhausted = new boolean[1];
        Worker first = null;
        for (int k = 0; k < workers; k++) {
            Worker w = new Worker(scenario, options.limits(deadline), entry);
            first = first == null ? w : first;
            boolean reportsExhaustion = k == 0;
            supervisor.start("lockstep-explorer-" + k, w, () -> {
                boolean ex = iterate(w, ledger, block);
                if (reportsExhaustion) {
                    exhausted[0] = ex;
                }
            });
        }
        supervisor.await(iteration -> ledger.stop("time limit"));
        RunOutcome found = ledger.failure();
        FailureImpl failure = supervisor.stuck();
        int iterations = ledger.counted();
        if (failure != null && (found == null || ledger.failedIteration() > failure.iteration())) {
            failure = withSeed(failure);
            iterations = Math.max(iterations, failure.iteration() + 1);
        } else if (found != null) {
            failure = investigate(first, found, ledger.failedIteration(), deadline);
        } else {
            failure = null;
        }
        options.progress(0, start, iterations, failure == null ? 0 : 1, true);
        Model model = Model.current(options.races());
        return new ReportImpl(failure, iterations, exhausted[0] && failure == null, System.nanoTime() - start,
                options.seed(), options.strategy().describe() + options.shard().describe(), failure != null ? "failure" : ledger.stoppedBy(),
                ledger.realWaitNanos(), ledger.realWaitWhere(), ledger.countedSteps(), workers, model,
                failure == null && !model.agent() ? Unseen.in(entry) : java.util.Set.of());
    }

    /**
     * One worker's share: claims blocks of iterations until the ledger says stop, and books each block's outcomes at
     * its end (or at a failure, at once).
     *
     * @return true if the strategy ran out of schedules (dfs exhausted)
     */
    private boolean iterate(Worker worker, Ledger ledger, int block) {
        Chooser chooser = Strategies.chooser(options.strategy(), options.seed(), options.shard());
        boolean hinted = chooser instanceof PctChooser;
        // random and pct shard by iteration number; dfs by subtree, inside its chooser.
        Shard byNumber = Strategies.parallel(options.strategy()) ? options.shard() : Shard.ALL;
        int[] decisions = new int[block];
        int[] steps = new int[block];
        boolean[] owned = new boolean[block];
        for (;;) {
            int first = ledger.claim(block);
            if (first < 0) {
                return false;
            }
            int end = ledger.end(first, block);
            int ran = 0;
            long waited = 0;
            String waitedFor = null;
            for (int i = first; i < end && ledger.wanted(i); i++) {
                boolean mine = byNumber.owns(i);
                if (!mine && !(hinted && i < Ledger.CALIBRATION)) {
                    decisions[ran] = 0; // another shard's: not run (pct learns only from the calibration runs)
                    steps[ran] = 0;
                    owned[ran++] = false;
                    continue;
                }
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
                worker.heartbeat().iteration(i);
                RunOutcome outcome = worker.run(chooser, false);
                mine = chooser.counts() && mine;
                decisions[ran] = outcome.schedule().size();
                steps[ran] = mine ? outcome.steps() : 0;
                owned[ran] = mine;
                waited += outcome.realWaitNanos();
                waitedFor = waitedFor != null ? waitedFor : outcome.realWaitWhere();
                ran++;
                boolean failed = mine && outcome.failed(); // another shard's failure is that shard's to report
                if (failed || outcome.timedOut()) {
                    ledger.finished(first, ran, decisions, steps, owned, waited, waitedFor, failed ? outcome : null,
                            outcome.timedOut());
                    return false;
                }
                if (!chooser.end()) {
                    ledger.finished(first, ran, decisions, steps, owned, waited, waitedFor, null, false);
                    ledger.stop("exhausted");
                    return true;
                }
            }
            ledger.finished(first, ran, decisions, steps, owned, waited, waitedFor, null, false);
            if (ran < end - first) {
                return false;
            }
        }
    }

    /** A run failed: shrinks its schedule, then runs the smallest one with a trace, on a supervised carrier. */
    private FailureImpl investigate(Worker worker, RunOutcome found, int iteration, long deadline) {
        FailureImpl[] result = new FailureImpl[1];
        Supervisor supervisor = new Supervisor(deadline, () -> { });
        worker.heartbeat().iteration(iteration);
        supervisor.start("lockstep-explorer-shrink", worker, () -> result[0] = shrinkAndTrace(worker, found,
                iteration, deadline));
        supervisor.await(i -> { });
        if (result[0] == null) {
            // The traced run never ended: report the failure as found, without its trace.
            return new FailureImpl(found.kind(), found.message(), found.schedule().encode(), options.seed(),
                    iteration, new TraceImpl(List.of(), List.of()), found.cause(), found.schedule().preemptions(),
                    found.schedule().preemptions(), found.steps(), found.steps());
        }
        return result[0];
    }

    private FailureImpl shrinkAndTrace(Worker worker, RunOutcome found, int iteration, long deadline) {
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
        long deadline = options.deadline(start);
        Follow chooser = Follow.exactly(schedule);
        chooser.begin(0, 0);
        Worker worker = new Worker(scenario, options.limits(deadline), entry);
        RunOutcome[] outcome = new RunOutcome[1];
        Supervisor supervisor = new Supervisor(deadline, () -> { });
        supervisor.start("lockstep-explorer-replay", worker, () -> outcome[0] = worker.run(chooser, true));
        supervisor.await(i -> { });
        if (outcome[0] == null) {
            return new ReportImpl(withSeed(supervisor.stuck()), 1, false, System.nanoTime() - start, options.seed(),
                    "replay", "failure", 0, null, 0, 1, Model.current(options.races()), java.util.Set.of());
        }
        RunOutcome r = outcome[0];
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
                failure != null ? "failure" : r.timedOut() ? "time limit" : "iterations", r.realWaitNanos(),
                r.realWaitWhere(), r.steps(), 1, Model.current(options.races()), java.util.Set.of());
    }

    private FailureImpl failureOf(RunOutcome r, RunOutcome original, int iteration) {
        return new FailureImpl(r.kind(), r.message(), r.schedule().encode(), options.seed(), iteration, r.trace(),
                r.cause(), original.schedule().preemptions(), r.schedule().preemptions(), original.steps(), r.steps());
    }

    private FailureImpl withSeed(FailureImpl f) {
        return new FailureImpl(f.kind(), f.message(), f.schedule(), options.seed(), f.iteration(), f.trace(),
                f.causeOrNull(), f.originalPreemptions(), f.preemptions(), f.originalSteps(), f.steps());
    }
}
