package dev.lockstep.explore.internal;

import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Scenario;
import dev.lockstep.internal.Holders;
import dev.lockstep.internal.VThreads;
import dev.lockstep.internal.hook.Op;

/**
 * One run of a scenario under one chooser: the dispatcher of its tasks. The calling thread is the carrier; every task
 * of the run is a virtual thread whose continuation the JDK hands to the engine of its worker, which passes it here.
 * Exactly one task runs at a time, and at every scheduling point the chooser picks the next one. {@link #execute()}
 * returns the run's {@link RunOutcome}; nothing else leaves it.
 */
final class Run {

    /*
     * Overview
     *
     * A task is RUNNABLE while we hold its continuation, RUNNING while the carrier runs it, BLOCKED when it gave the
     * carrier back without handing us a continuation (it parked), DONE when its thread ended. Decisions happen
     *   - at dispatch, when the running task blocked, ended or yielded (Thread.yield hands its continuation back), and
     *   - inside a task, at a hook point (every operation of a Lockstep primitive, Checkpoint.yieldNow, a hand-off):
     *     if the chooser picks another task, the current one yields and the carrier runs the chosen one next.
     * Choosing another task while the last one could go on is a preemption (Decider). With nothing runnable, virtual
     * time jumps to the next timer (VirtualClock), or the run waits for threads outside it (Outside), or it is a
     * deadlock (Verdicts). Agent operations go to AgentOps; the narrator tells the story for the trace.
     *
     *   RUNNABLE --dispatch--> RUNNING --park--> BLOCKED --unpark/timer--> RUNNABLE
     *                             |---yield / preempted at a point--> RUNNABLE
     *                             '---thread ends--> DONE
     */

    private final Thread.Builder.OfVirtual rootBuilder;
    private final Scenario scenario;
    private final int maxSteps;
    /** The carrier: the thread that called execute(). */
    private final Thread carrier = Thread.currentThread();
    private final Labels labels = new Labels();
    private final TraceNarrator traced;
    /** The traced narrator, until teardown silences it. */
    private Narrator narrator;
    private final VirtualClock clock = new VirtualClock();
    private final Outside outside;
    /** The tasks this run's threads handed to other threads that have not run to their end outside it. */
    private final dev.lockstep.internal.hook.Pending handoffs = new dev.lockstep.internal.hook.Pending();
    private final Verdicts verdicts = new Verdicts(labels);
    private final Holders holders = new Holders();
    private final Monitors monitors = new Monitors(holders, clock);
    private final AgentOps agent;
    /** The run's race detector, or null if it detects none. */
    private final RunRaces races;
    private final Thread.UncaughtExceptionHandler uncaught = this::uncaught;
    private final Heartbeat heartbeat;
    private final EntryPoint entry;

    private final Tasks tasks = new Tasks();
    private final Adoptions adoptions = new Adoptions();
    private final Decider decider;
    /** The task on the carrier now, or null between steps. */
    private volatile TaskState current;
    private TaskState last;
    /** The task a scheduling point chose, to run once the current one has yielded. */
    private TaskState pending;
    private long rootId;
    private int steps;
    /** Set once the run is over: tasks left unwind, scheduling points throw RunAborted. */
    private volatile boolean aborting;

    Run(Thread.Builder.OfVirtual rootBuilder, Scenario scenario, Chooser chooser, RunLimits limits,
            Outside.ThreadCount threads, Heartbeat heartbeat, EntryPoint entry, boolean traced) {
        this.heartbeat = heartbeat;
        this.entry = entry;
        this.rootBuilder = rootBuilder;
        this.scenario = scenario;
        this.decider = new Decider(chooser, tasks);
        this.maxSteps = limits.maxSteps();
        this.traced = traced ? new TraceNarrator(labels) : null;
        this.narrator = traced ? this.traced : Narrator.SILENT;
        this.outside = new Outside(carrier, limits.deadline(), threads);
        this.agent = new AgentOps(this, monitors, limits.fields(), limits.spuriousWakeups());
        this.races = limits.races() ? new RunRaces(this) : null;
    }

    // ---- the dispatcher --------------------------------------------------------------------------------------------

    /** Runs the scenario to its end, its failure, or the time limit; then winds down what is left. */
    RunOutcome execute() {
        Thread root = rootBuilder.unstarted(this::rootBody);
        rootId = root.threadId();
        try {
            root.start();
            loop();
        } finally {
            teardown();
        }
        return new RunOutcome(verdicts.kind(), verdicts.message(), verdicts.cause(), decider.schedule(), steps,
                outside.timedOut(), outside.realWaitNanos(), outside.realWaitWhere(),
                traced == null ? null : traced.trace());
    }

    private void rootBody() {
        try {
            scenario.run();
        } catch (Throwable t) {
            fail(tasks.get(0), t);
        }
    }

    private void loop() {
        for (;;) {
            drainInbox();
            if (verdicts.failed()) {
                return;
            }
            TaskState next = pending;
            pending = null;
            if (next == null) {
                next = decide(null);
                if (verdicts.failed()) {
                    return;
                }
            }
            if (next == null) {
                if (!tasks.anyLive()) {
                    return;
                }
                if (clock.advance(narrator) || outside.awaitWakeUp(tasks.all()) || outside.awaitIntruders(handoffs)) {
                    continue;
                }
                if (!outside.timedOut()) {
                    verdicts.deadlock(tasks.all(), holders);
                }
                return;
            }
            if (++steps > maxSteps) {
                verdicts.stepLimit(maxSteps);
                return;
            }
            step(next);
            if (verdicts.failed()) {
                return;
            }
            verdicts.checkInvariants(steps, last == null ? 0 : last.id, narrator);
            if (verdicts.failed()) {
                return;
            }
            if (tasks.get(0).state == TaskState.DONE) {
                verdicts.checkLeaks(tasks.all());
                return;
            }
        }
    }

    private void step(TaskState t) {
        Runnable c = t.cont;
        t.cont = null;
        t.state = TaskState.RUNNING;
        current = t;
        if (last != t) {
            decider.switched();
        }
        last = t;
        heartbeat.begin(this, t);
        try {
            c.run();
        } finally {
            current = null;
            heartbeat.end();
        }
        if (t.cont != null) {
            t.state = TaskState.RUNNABLE;
            if (pending == null) {
                narrator.threadYielded(t); // it yielded by itself, not at a scheduling point of ours
                decider.yielded(t);
            }
        } else if (!t.thread.isAlive()) {
            t.state = TaskState.DONE;
            if (verdicts.failedTask() != t.id) {
                narrator.ended(t);
            }
        } else {
            t.state = TaskState.BLOCKED;
            narrator.parked(t, tasks.all(), holders);
        }
    }

    /** Picks the next task among the runnable ones (and {@code running}, at a hook point); null if there is none. */
    private TaskState decide(TaskState running) {
        TaskState next = decider.next(running, last, narrator);
        if (next == null && decider.refusal() != null) {
            verdicts.fail(Failure.Kind.NONDETERMINISM, "the run left its schedule: " + decider.refusal(), null);
        }
        return next;
    }

    private void drainInbox() {
        Runnable r;
        while ((r = outside.poll()) != null) {
            onCarrier(r);
        }
        String who = outside.intruder();
        if (who != null) {
            verdicts.fail(Failure.Kind.NONDETERMINISM, who, null);
        }
    }

    // ---- submissions (from the engine) -----------------------------------------------------------------------------

    /** Whether {@code thread} is this run's carrier, or the task mounted on it now. */
    boolean onOurCarrier(Thread thread) {
        if (thread == carrier) {
            return true;
        }
        TaskState c = current;
        return c != null && c.thread == thread;
    }

    /** The JDK made a task runnable, on the carrier (a start, an unpark by a task or a timer, a yield). */
    void onCarrier(Runnable r) {
        TaskState t = tasks.of(r);
        if (t == null) {
            t = newTask(r);
            if (t == null) {
                Reaper.resume(r); // a thread of an earlier run
                return;
            }
        } else if (current != null && current != t && t.state == TaskState.BLOCKED) {
            narrator.woke(current, t);
            if (races != null) {
                races.woke(current, t);
            }
        }
        if (t.state == TaskState.DONE) {
            return;
        }
        t.cont = r;
        if (t.waitingOn != null && t.state == TaskState.BLOCKED && !monitors.woken(t)) {
            return; // woken in Object.wait, but its monitor is someone else's: it runs once it gets it back
        }
        if (t.state != TaskState.RUNNING) {
            t.state = TaskState.RUNNABLE;
        }
        clock.cancel(t);
    }

    /** A thread outside the run made a task runnable. */
    void foreign(Runnable r, Thread from) {
        outside.submitted(r, from);
    }

    private TaskState newTask(Runnable r) {
        Thread thread = VThreads.threadOf(r);
        if (rootId != 0 && thread.threadId() < rootId) {
            return null;
        }
        if (thread.getUncaughtExceptionHandler() == thread.getThreadGroup()) {
            thread.setUncaughtExceptionHandler(uncaught);
        }
        if (current != null && current.id == 0) {
            entry.capture(); // on the scenario's own task: where its code starts
        }
        TaskState t = tasks.add(r, thread);
        if (races != null) {
            races.started(current, t);
        }
        t.adopted = adoptions.adoptedBy(thread);
        decider.created(t);
        narrator.started(current, t);
        return t;
    }

    /** A task starts the platform thread {@code platform}: the run adopts it, unless it is over. */
    boolean adopt(Thread platform) {
        if (aborting || caller() == null) {
            return false;
        }
        adoptions.adopt(platform);
        return true;
    }

    /** A task calls a method of the platform thread {@code platform}: if it is new, it gets its name in the run. */
    void nameIfNew(Thread platform) {
        if (!platform.isVirtual() && platform.getState() == Thread.State.NEW) {
            adoptions.name(platform);
        }
    }

    /** The pool a task of the run gets for the common pool; null for a thread of another run. */
    java.util.concurrent.ForkJoinPool commonPool() {
        return aborting || caller() == null ? null : adoptions.commonPool();
    }

    /** The task of the run that is calling, or null for a thread of another run. */
    TaskState caller() {
        TaskState t = current;
        return t != null && t.thread == Thread.currentThread() ? t : null;
    }

    // ---- hooks (called on the running task's thread) ---------------------------------------------------------------

    void point(Object primitive, Op op) {
        TaskState t = current;
        if (t.id == 0) {
            entry.capture();
        }
        if (op != Op.SPAWN) {
            narrator.op(t, primitive, op); // silent once the run is over
        }
        point(t);
    }

    void yieldNow() {
        TaskState t = current;
        narrator.yielded(t);
        decider.yielded(t);
        point(t);
    }

    /** A task that polls in a loop: a yield, and a scheduling point. */
    void spin(TaskState t) {
        narrator.spins(t);
        decider.yielded(t);
        schedulingPoint(t);
    }

    /** A scheduling point of an agent operation, on the running task {@code t}. */
    void point(TaskState t) {
        if (aborting) {
            throw RunAborted.INSTANCE;
        }
        schedulingPoint(t);
    }

    /** A binary decision of the strategy (a spurious wake-up or not), recorded in the schedule like a choice. */
    boolean coin() {
        int outcome = decider.coin();
        if (outcome < 0) {
            verdicts.fail(Failure.Kind.NONDETERMINISM, "the run left its schedule: " + decider.refusal(), null);
            throw RunAborted.INSTANCE;
        }
        return outcome == 1;
    }

    Narrator narrator() {
        return narrator;
    }

    boolean aborting() {
        return aborting;
    }

    /** The supervisor gave up on this run (a step never ended): tasks that still reach a hook unwind. */
    void abandon() {
        aborting = true;
    }

    /** The decisions made so far; read by the supervisor while the carrier is stuck in a step. */
    Schedule scheduleSoFar() {
        return decider.schedule();
    }

    /** The names of the run's tasks so far, by id. */
    java.util.List<String> taskNames() {
        return tasks.all().stream().map(t -> t.name).toList();
    }

    AgentOps agent() {
        return agent;
    }

    /** The run's race detector, or null. */
    RunRaces races() {
        return races;
    }

    dev.lockstep.internal.hook.Pending handoffs() {
        return handoffs;
    }

    /** The task of {@code thread} in this run, or null. */
    TaskState taskOf(Thread thread) {
        return tasks.of(thread);
    }

    /** The running task made the run's first data race: the run fails with it, at the task's next point. */
    void raced(dev.lockstep.internal.race.Race race) {
        TaskState t = current;
        if (!verdicts.failed() && t != null) {
            narrator.failed(t.id, "races: " + race.variable() + " (" + race.earlier().describe() + ")");
        }
        verdicts.fail(Failure.Kind.DATA_RACE, race.text(), null);
    }

    private void schedulingPoint(TaskState t) {
        if (++steps > maxSteps) {
            verdicts.stepLimit(maxSteps);
            throw RunAborted.INSTANCE;
        }
        TaskState next = decide(t);
        if (verdicts.failed()) {
            throw RunAborted.INSTANCE;
        }
        if (next != t) {
            pending = next;
            decider.switched();
            Thread.yield();
            if (pending == next) {
                pending = null; // the yield could not unmount (pinned): the task simply goes on
            }
        }
    }

    void acquired(Object primitive) {
        if (!aborting) {
            TaskState t = current;
            holders.acquired(primitive, t.thread);
            narrator.acquired(t, primitive);
        }
    }

    void released(Object primitive) {
        if (!aborting) {
            holders.released(primitive, current.thread);
        }
    }

    void handedOff(Object primitive, Thread to) {
        if (aborting) {
            return;
        }
        TaskState t = current;
        TaskState target = tasks.of(to);
        if (target != null) {
            narrator.handedOff(t, primitive, target);
        }
        // A wake-up is a scheduling point too: the woken task may run before the waker goes on.
        schedulingPoint(t);
    }

    VirtualClock clock() {
        return clock;
    }

    /** The JDK asks, on the carrier, to wake the task that just parked with a timeout: on the virtual clock. */
    java.util.concurrent.ScheduledFuture<?> wakeAfter(Runnable wake, long nanos) {
        return clock.wakeAfter(current, wake, nanos);
    }

    /** Parks the running task on the virtual clock; false if it cannot (the run is over), and it parks for real. */
    boolean parkNanos(Object blocker, long nanos) {
        TaskState t = caller();
        if (aborting || t == null) {
            return false;
        }
        clock.park(t, blocker, nanos);
        return true;
    }

    void touchedFromOutside(Object primitive, Op op, Thread thread) {
        if (!aborting) {
            outside.touched(primitive, op, thread);
        }
    }

    void addInvariant(String name, java.util.function.BooleanSupplier condition) {
        verdicts.addInvariant(name, condition);
    }

    // ---- failures --------------------------------------------------------------------------------------------------

    private void uncaught(Thread thread, Throwable e) {
        fail(tasks.of(thread), e);
    }

    private void fail(TaskState t, Throwable e) {
        if (t != null && !(e instanceof RunAborted) && !aborting) {
            verdicts.taskFailed(t, e, narrator);
        }
    }

    // ---- teardown --------------------------------------------------------------------------------------------------

    /** Interrupts what is left and lets it unwind (scheduling points throw RunAborted); abandons what cannot. */
    private void teardown() {
        aborting = true;
        narrator = Narrator.SILENT;
        pending = null;
        adoptions.stop();
        try {
            unwind();
        } finally {
            adoptions.release();
        }
    }

    private void unwind() {
        boolean any = false;
        for (TaskState t : tasks.all()) {
            if (t.state != TaskState.DONE) {
                any = true;
                t.thread.interrupt();
            }
        }
        if (!any) {
            return;
        }
        for (int budget = 10_000; budget > 0; budget--) {
            Runnable r;
            while ((r = outside.poll()) != null) {
                onCarrier(r);
            }
            TaskState next = tasks.firstRunnable();
            if (next == null) {
                return;
            }
            step(next);
        }
    }
}
