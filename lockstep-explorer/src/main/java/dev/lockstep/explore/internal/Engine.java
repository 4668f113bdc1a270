package dev.lockstep.explore.internal;

import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Scenario;
import dev.lockstep.internal.VThreads;
import dev.lockstep.internal.hook.Hooks;
import dev.lockstep.internal.hook.Op;
import dev.lockstep.internal.hook.Probe;
import java.util.concurrent.Executor;

/**
 * The scheduler of one exploration: every virtual thread of its runs has this as its scheduler, so the JDK hands it
 * their continuations and Lockstep's hooks find it as their probe. It passes both to the run in progress. One engine
 * serves one {@code explore} or {@code replay} call, on one carrier thread.
 */
public final class Engine implements Executor, Probe {
    private final Thread.Builder.OfVirtual rootBuilder;
    private volatile Run run;

    public Engine() {
        Hooks.arm();
        this.rootBuilder = VThreads.builder(this).name("main");
    }

    Thread.Builder.OfVirtual rootBuilder() {
        return rootBuilder;
    }

    void attach(Run r) {
        run = r;
    }

    void detach(Run r) {
        if (run == r) {
            run = null;
        }
    }

    // ---- explore and replay ----------------------------------------------------------------------------------------

    /** Explores {@code scenario} as {@code options} say. */
    public ReportImpl explore(Scenario scenario, Options options) {
        long start = System.nanoTime();
        long deadline = options.deadline(start);
        Chooser chooser = options.strategy().newChooser(options.seed());
        int iterations = 0;
        long realWait = 0;
        String stoppedBy = "iterations";
        boolean exhausted = false;
        FailureImpl failure = null;
        long reported = start;
        while (iterations < options.iterations()) {
            if ((iterations & 63) == 0) {
                reported = options.progress(reported, start, iterations, 0, false);
            }
            if (System.nanoTime() - deadline > 0) {
                stoppedBy = "time limit";
                break;
            }
            chooser.begin(iterations);
            Run r = new Run(this, scenario, chooser, options.maxSteps(), deadline, false);
            r.execute();
            realWait += r.realWaitNanos;
            iterations++;
            if (r.failed()) {
                failure = investigate(scenario, options, r, iterations - 1, deadline);
                stoppedBy = "failure";
                break;
            }
            if (r.timedOut) {
                stoppedBy = "time limit";
                break;
            }
            if (!chooser.end()) {
                exhausted = true;
                stoppedBy = "exhausted";
                break;
            }
        }
        options.progress(reported, start, iterations, failure == null ? 0 : 1, true);
        return new ReportImpl(failure, iterations, exhausted, System.nanoTime() - start, options.seed(),
                options.strategyName(), stoppedBy, realWait);
    }

    /** Runs {@code scenario} once along {@code schedule}, with a trace. */
    public ReportImpl replay(Scenario scenario, int[] schedule, String text, Options options) {
        long start = System.nanoTime();
        Run[] holder = new Run[1];
        ReplayChooser chooser = new ReplayChooser(schedule, id -> holder[0].nameOf(id));
        Run r = new Run(this, scenario, chooser, options.maxSteps(), options.deadline(start), true);
        holder[0] = r;
        r.execute();
        FailureImpl failure = null;
        if (r.failed()) {
            failure = failureOf(r, r, options.seed(), 0);
        } else if (!r.timedOut && chooser.used() < schedule.length) {
            failure = new FailureImpl(Failure.Kind.NONDETERMINISM, "the run ended after " + chooser.used() + " of the "
                    + schedule.length + " decisions of the schedule " + text + ": the scenario did not repeat itself",
                    text, options.seed(), 0, r.trace(), null, r.schedule().preemptions(), r.schedule().preemptions(),
                    r.steps, r.steps);
        }
        return new ReportImpl(failure, 1, false, System.nanoTime() - start, options.seed(), "replay",
                failure != null ? "failure" : r.timedOut ? "time limit" : "iterations", r.realWaitNanos);
    }

    /** A run failed: shrink its schedule, then run the smallest one with a trace. */
    private FailureImpl investigate(Scenario scenario, Options options, Run found, int iteration, long deadline) {
        Shrinker shrinker = new Shrinker(this, scenario, options.maxSteps(), deadline, found);
        Schedule smallest = shrinker.shrink();
        Run traced = tracedRun(scenario, options, smallest.tasks(), deadline);
        if (!Shrinker.sameFailure(found, traced)) {
            traced = tracedRun(scenario, options, found.schedule().tasks(), deadline);
        }
        if (!traced.failed()) {
            // The failure did not reproduce under replay: report it as found, without a faithful trace.
            return new FailureImpl(found.failureKind, found.failureMessage, found.schedule().encode(), options.seed(),
                    iteration, traced.trace(), found.failureCause, found.schedule().preemptions(),
                    found.schedule().preemptions(), found.steps, found.steps);
        }
        return failureOf(traced, found, options.seed(), iteration);
    }

    private Run tracedRun(Scenario scenario, Options options, int[] guide, long deadline) {
        Run r = new Run(this, scenario, new GuidedChooser(guide), options.maxSteps(), deadline, true);
        r.execute();
        return r;
    }

    private static FailureImpl failureOf(Run r, Run original, long seed, int iteration) {
        return new FailureImpl(r.failureKind, r.failureMessage, r.schedule().encode(), seed, iteration, r.trace(),
                r.failureCause, original.schedule().preemptions(), r.schedule().preemptions(), original.steps,
                r.steps);
    }

    // ---- the scheduler -------------------------------------------------------------------------------------------

    @Override
    public void execute(Runnable continuation) {
        Run r = run;
        if (r == null) {
            Reaper.resume(continuation);
            return;
        }
        Thread me = Thread.currentThread();
        if (r.onOurCarrier(me)) {
            r.onCarrier(continuation);
        } else {
            r.foreign(continuation, me);
        }
    }

    /** The run whose task is calling, or null for a thread of an earlier run. */
    private Run mine() {
        Run r = run;
        if (r != null) {
            TaskState t = r.current;
            if (t != null && t.thread == Thread.currentThread()) {
                return r;
            }
        }
        return null;
    }

    /** Registers an invariant with the run of the calling task; false if the caller is not a task of a run. */
    public static boolean registerInvariant(String name, java.util.function.BooleanSupplier condition) {
        if (Hooks.probe() instanceof Engine engine) {
            Run r = engine.mine();
            if (r != null) {
                r.addInvariant(name, condition);
                return true;
            }
        }
        return false;
    }

    // ---- the probe -------------------------------------------------------------------------------------------------

    @Override
    public void point(Object primitive, Op op) {
        Run r = mine();
        if (r == null) {
            throw RunAborted.INSTANCE;
        }
        r.point(primitive, op);
    }

    @Override
    public void yieldNow() {
        Run r = mine();
        if (r == null) {
            throw RunAborted.INSTANCE;
        }
        r.yieldNow();
    }

    @Override
    public void acquired(Object primitive) {
        Run r = mine();
        if (r != null) {
            r.acquired(primitive);
        }
    }

    @Override
    public void released(Object primitive) {
        Run r = mine();
        if (r != null) {
            r.released(primitive);
        }
    }

    @Override
    public void handedOff(Object primitive, Thread to) {
        Run r = mine();
        if (r != null) {
            r.handedOff(primitive, to);
        }
    }

    @Override
    public void touchedFromOutside(Object primitive, Op op, Thread thread) {
        Run r = run;
        if (r != null) {
            r.touchedFromOutside(primitive, op, thread);
        }
    }

    @Override
    public long nanoTime() {
        Run r = mine();
        return r != null ? r.now : System.nanoTime();
    }

    @Override
    public boolean parkNanos(Object blocker, long nanos) {
        Run r = mine();
        return r != null && r.parkNanos(blocker, nanos);
    }

    @Override
    public Runnable schedule(long deadline, Runnable action) {
        Run r = mine();
        return r != null ? r.schedule(deadline, action) : null;
    }
}
