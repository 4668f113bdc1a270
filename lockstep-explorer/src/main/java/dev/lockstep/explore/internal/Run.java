package dev.lockstep.explore.internal;

import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Step;
import dev.lockstep.internal.Parking;
import dev.lockstep.internal.VThreads;
import dev.lockstep.internal.WaitFor;
import dev.lockstep.internal.hook.Op;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of a scenario under one chooser: the explorer's scheduler for the length of the run. The calling thread is
 * the carrier; every task of the run is a virtual thread whose continuation the JDK hands to {@link Engine#execute},
 * which passes it here. Exactly one task runs at a time, and at every scheduling point the chooser picks the next one.
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
     * Choosing another task while the last one could go on is a preemption. With nothing runnable, virtual time jumps
     * to the next timer; failing that, the run waits for threads outside it (JDK timers, monitors, I/O) if any task
     * waits on such a thing, and otherwise reports a deadlock.
     *
     *   RUNNABLE --dispatch--> RUNNING --park--> BLOCKED --unpark/timer--> RUNNABLE
     *                             |---yield / preempted at a point--> RUNNABLE
     *                             '---thread ends--> DONE
     */

    /** How long a run waits for threads outside it when tasks wait on monitors or unknown things (I/O...). */
    private static final long QUIET_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Engine engine;
    private final Scenario scenario;
    private final Chooser chooser;
    private final int maxSteps;
    private final long deadline;
    private final TraceImpl.Recorder trace;
    final Thread carrier = Thread.currentThread();

    private final ArrayList<TaskState> tasks = new ArrayList<>();
    private final IdentityHashMap<Runnable, TaskState> byCont = new IdentityHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final IdentityHashMap<Object, List<TaskState>> holders = new IdentityHashMap<>();
    private final Schedule schedule = new Schedule();
    private final IdentityHashMap<Object, String> labels = new IdentityHashMap<>();
    private final ArrayList<String> invariantNames = new ArrayList<>();
    private final ArrayList<java.util.function.BooleanSupplier> invariants = new ArrayList<>();
    private final Thread.UncaughtExceptionHandler uncaught = this::uncaught;
    private int[] enabled = new int[8];
    private volatile boolean awaitingForeign;
    private volatile String intruder;

    /** The task on the carrier now, or null between steps. */
    volatile TaskState current;
    private TaskState last;
    private TaskState pending;
    private long rootId;
    private int failedTask = -1;
    private long timerSeq;
    long now;
    int steps;
    int decisions;
    long realWaitNanos;
    boolean timedOut;
    boolean aborting;

    Failure.Kind failureKind;
    String failureMessage;
    Throwable failureCause;

    Run(Engine engine, Scenario scenario, Chooser chooser, int maxSteps, long deadline, boolean traced) {
        this.engine = engine;
        this.scenario = scenario;
        this.chooser = chooser;
        this.maxSteps = maxSteps;
        this.deadline = deadline;
        this.trace = traced ? new TraceImpl.Recorder() : null;
    }

    Schedule schedule() {
        return schedule;
    }

    boolean failed() {
        return failureKind != null;
    }

    TraceImpl trace() {
        return trace == null ? null : trace.build();
    }

    String nameOf(int id) {
        return id >= 0 && id < tasks.size() ? tasks.get(id).name : "task #" + id + " (not started yet)";
    }

    // ---- the dispatcher --------------------------------------------------------------------------------------------

    /** Runs the scenario to its end, its failure, or the time limit; then winds down what is left. */
    void execute() {
        Thread root = engine.rootBuilder().unstarted(this::rootBody);
        rootId = root.threadId();
        engine.attach(this);
        try {
            root.start();
            loop();
        } finally {
            teardown();
            engine.detach(this);
        }
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
            if (failed()) {
                return;
            }
            TaskState next = pending;
            pending = null;
            if (next == null) {
                next = decide(null);
                if (failed()) {
                    return;
                }
            }
            if (next == null) {
                if (liveCount() == 0) {
                    return;
                }
                if (fireTimers() || awaitForeign() || awaitIntruders()) {
                    continue;
                }
                if (!timedOut) {
                    deadlock();
                }
                return;
            }
            if (++steps > maxSteps) {
                stepLimit();
                return;
            }
            step(next);
            if (failed()) {
                return;
            }
            checkInvariants();
            if (failed()) {
                return;
            }
            if (tasks.get(0).state == TaskState.DONE) {
                checkLeaks();
                return;
            }
        }
    }

    private void step(TaskState t) {
        Runnable c = t.cont;
        t.cont = null;
        t.state = TaskState.RUNNING;
        current = t;
        last = t;
        boolean yieldedAtPoint = false;
        try {
            c.run();
        } finally {
            current = null;
        }
        if (t.cont != null) {
            t.state = TaskState.RUNNABLE;
            yieldedAtPoint = pending != null;
            if (trace != null && !yieldedAtPoint && !aborting) {
                trace.add(t.id, Step.Kind.YIELD, "Thread.yield()", "", "", -1);
            }
        } else if (!t.thread.isAlive()) {
            t.state = TaskState.DONE;
            if (trace != null && !aborting && failedTask != t.id) {
                trace.add(t.id, Step.Kind.END, "ends", "", "", -1);
            }
        } else {
            t.state = TaskState.BLOCKED;
            if (trace != null && !aborting) {
                parked(t);
            }
        }
    }

    /** Picks the next task among the runnable ones (and {@code running}, at a hook point); null if there is none. */
    private TaskState decide(TaskState running) {
        int n = 0;
        for (TaskState x : tasks) {
            if (x.state == TaskState.RUNNABLE || x == running) {
                if (n == enabled.length) {
                    enabled = java.util.Arrays.copyOf(enabled, n * 2);
                }
                enabled[n++] = x.id;
            }
        }
        if (n == 0) {
            return null;
        }
        TaskState previous = running != null ? running : last;
        int lastId = previous != null && (previous == running || previous.state == TaskState.RUNNABLE)
                ? previous.id : -1;
        int chosen;
        if (n == 1) {
            chosen = enabled[0];
        } else {
            chosen = chooser.choose(enabled, n, lastId, decisions);
            if (chosen < 0) {
                failWith(Failure.Kind.NONDETERMINISM, "the run left its schedule: " + chooser.refusal(), null);
                return null;
            }
            schedule.add(chosen, lastId);
            decisions++;
            if (trace != null && lastId >= 0 && chosen != lastId) {
                trace.add(lastId, Step.Kind.PREEMPTED, "preempted (" + nameOf(chosen) + " runs)", "", "", chosen);
            }
        }
        return tasks.get(chosen);
    }

    private void drainInbox() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            onCarrier(r);
        }
        String who = intruder;
        if (who != null && !failed()) {
            failWith(Failure.Kind.NONDETERMINISM, who, null);
        }
    }

    private int liveCount() {
        int n = 0;
        for (TaskState t : tasks) {
            if (t.state != TaskState.DONE) {
                n++;
            }
        }
        return n;
    }

    /** Nothing can run: moves virtual time to the next deadline and fires what is due. False if no timer is set. */
    private boolean fireTimers() {
        Timer first = timers.peek();
        if (first == null) {
            return false;
        }
        now = Math.max(now, first.deadline);
        if (trace != null) {
            trace.add(-1, Step.Kind.TIME, "time is now " + formatTime(now), "", "", -1);
        }
        while ((first = timers.peek()) != null && first.deadline <= now) {
            timers.poll();
            if (first.task != null) {
                first.task.timer = null;
                LockSupport.unpark(first.task.thread);
            } else {
                first.action.run();
            }
        }
        return true;
    }

    /**
     * Nothing can run and no virtual timer is set, but a thread outside the run may still wake a task: a JDK timer
     * (Thread.sleep, timed j.u.c waits), the monitor unblocker, an I/O poller. Waits for it in real time.
     *
     * @return true if something arrived; false if nothing can or did (a deadlock), or the time limit passed
     */
    private boolean awaitForeign() {
        boolean timed = false;
        boolean unknown = false;
        for (TaskState t : tasks) {
            if (t.state == TaskState.BLOCKED) {
                Thread.State s = t.thread.getState();
                if (s == Thread.State.TIMED_WAITING) {
                    timed = true;
                } else if (s == Thread.State.BLOCKED || !knownBlocker(LockSupport.getBlocker(t.thread))) {
                    unknown = true;
                }
            }
        }
        if (!timed && !unknown && inbox.isEmpty()) {
            return false;
        }
        long start = System.nanoTime();
        awaitingForeign = true;
        try {
            while (inbox.isEmpty()) {
                long waited = System.nanoTime() - start;
                if (System.nanoTime() - deadline > 0) {
                    timedOut = true;
                    return false;
                }
                if (!timed && waited > QUIET_LIMIT_NANOS) {
                    return false;
                }
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
            }
            return true;
        } finally {
            awaitingForeign = false;
            realWaitNanos += System.nanoTime() - start;
        }
    }

    /**
     * Everything waits, but platform threads were started during the run (by the scenario, perhaps): give them a
     * moment, so that one which wakes a task is reported as escaping control rather than the run as a deadlock. Runs
     * that start no platform thread never pay this.
     */
    private boolean awaitIntruders() {
        if (THREADS.getTotalStartedThreadCount() == platformThreadsAtStart || timedOut) {
            return false;
        }
        platformThreadsAtStart = THREADS.getTotalStartedThreadCount(); // once per new thread, not forever
        long until = System.nanoTime() + INTRUDER_GRACE_NANOS;
        awaitingForeign = true;
        try {
            while (inbox.isEmpty() && intruder == null && System.nanoTime() - until < 0) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(2));
            }
        } finally {
            awaitingForeign = false;
        }
        return !inbox.isEmpty() || intruder != null;
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final long INTRUDER_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private long platformThreadsAtStart = THREADS.getTotalStartedThreadCount();

    /** Synchronizers whose waiters only tasks of the run can wake: Lockstep's, java.util.concurrent's, Thread.join. */
    private static boolean knownBlocker(Object blocker) {
        if (blocker == null) {
            return false;
        }
        String type = blocker.getClass().getName();
        return Parking.isLockstepWait(blocker) || type.startsWith("java.util.concurrent.");
    }

    // ---- submissions ----------------------------------------------------------------------------------------------

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
        TaskState t = byCont.get(r);
        if (t == null) {
            t = newTask(r);
            if (t == null) {
                Reaper.resume(r); // a thread of an earlier run
                return;
            }
        } else if (trace != null && !aborting && current != null && current != t && t.state == TaskState.BLOCKED) {
            trace.add(current.id, Step.Kind.WAKE, "wakes " + t.name, "", "", t.id);
        }
        if (t.state == TaskState.DONE) {
            return;
        }
        t.cont = r;
        if (t.state != TaskState.RUNNING) {
            t.state = TaskState.RUNNABLE;
        }
        if (t.timer != null) {
            timers.remove(t.timer);
            t.timer = null;
        }
    }

    /** A thread outside the run made a task runnable. JDK system threads may; anyone else escapes our control. */
    void foreign(Runnable r, Thread from) {
        inbox.add(r);
        if (intruder == null && !isSystemThread(from)) {
            intruder = "thread \"" + from.getName() + "\", which the explorer does not control, woke one of the"
                    + " scenario's tasks; start every thread of a scenario as a virtual thread from its own threads";
        }
        if (awaitingForeign) {
            LockSupport.unpark(carrier);
        }
    }

    private static boolean isSystemThread(Thread t) {
        return t.getClass().getName().startsWith("jdk.internal.") || t.getName().startsWith("VirtualThread-")
                || t.getName().startsWith("lockstep-timeouts");
    }

    private TaskState newTask(Runnable r) {
        Thread thread = VThreads.threadOf(r);
        if (rootId != 0 && thread.threadId() < rootId) {
            return null;
        }
        int id = tasks.size();
        String name = thread.getName();
        if (name == null || name.isEmpty()) {
            name = "task-" + id;
        }
        if (thread.getUncaughtExceptionHandler() == thread.getThreadGroup()) {
            thread.setUncaughtExceptionHandler(uncaught);
        }
        TaskState t = new TaskState(id, thread, name);
        tasks.add(t);
        byCont.put(r, t);
        chooser.taskCreated(id);
        if (trace != null) {
            trace.task(id, name);
            TaskState parent = current;
            if (parent != null) {
                trace.add(parent.id, Step.Kind.START, "starts " + name, "", location(), id);
            }
        }
        return t;
    }

    // ---- hooks (called on the running task's thread) ---------------------------------------------------------------

    void point(Object primitive, Op op) {
        if (aborting) {
            throw RunAborted.INSTANCE;
        }
        TaskState t = current;
        if (trace != null && op != Op.SPAWN) {
            String object = objectLabel(primitive);
            trace.add(t.id, Step.Kind.OP, object.isEmpty() ? op.label() : op.label() + " " + object, object,
                    location(), -1);
        }
        schedulingPoint(t);
    }

    void yieldNow() {
        if (aborting) {
            throw RunAborted.INSTANCE;
        }
        TaskState t = current;
        if (trace != null) {
            trace.add(t.id, Step.Kind.YIELD, "yield", "", location(), -1);
        }
        schedulingPoint(t);
    }

    private void schedulingPoint(TaskState t) {
        if (++steps > maxSteps) {
            stepLimit();
            throw RunAborted.INSTANCE;
        }
        TaskState next = decide(t);
        if (failed()) {
            throw RunAborted.INSTANCE;
        }
        if (next != t) {
            pending = next;
            Thread.yield();
            if (pending == next) {
                pending = null; // the yield could not unmount (pinned): the task simply goes on
            }
        }
    }

    void acquired(Object primitive) {
        if (aborting) {
            return;
        }
        TaskState t = current;
        holders.computeIfAbsent(primitive, k -> new ArrayList<>(2)).add(t);
        if (trace != null) {
            String object = objectLabel(primitive);
            if (!trace.annotate(t.id, object, " → acquired")) {
                trace.add(t.id, Step.Kind.OP, "acquired " + object, object, "", -1);
            }
        }
    }

    void released(Object primitive) {
        if (aborting) {
            return;
        }
        List<TaskState> list = holders.get(primitive);
        if (list != null && !list.remove(current) && !list.isEmpty()) {
            list.remove(0); // a permit given back by a task that did not take it
        }
    }

    void handedOff(Object primitive, Thread to) {
        if (aborting) {
            return;
        }
        TaskState t = current;
        TaskState target = taskOf(to);
        if (trace != null && target != null) {
            trace.handOff(t.id, objectLabel(primitive), target.id, target.name);
        }
        // A wake-up is a scheduling point too: the woken task may run before the waker goes on.
        schedulingPoint(t);
    }

    boolean parkNanos(Object blocker, long nanos) {
        TaskState t = current;
        if (aborting || t == null || t.thread != Thread.currentThread()) {
            return false;
        }
        long when = nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
        Timer timer = new Timer(when, timerSeq++, t, null);
        t.timer = timer;
        timers.add(timer);
        LockSupport.park(blocker);
        if (t.timer == timer) {
            timers.remove(timer);
            t.timer = null;
        }
        return true;
    }

    Runnable schedule(long when, Runnable action) {
        Timer timer = new Timer(when, timerSeq++, null, action);
        timers.add(timer);
        return () -> timers.remove(timer);
    }

    void touchedFromOutside(Object primitive, Op op, Thread thread) {
        if (intruder == null && !aborting) {
            intruder = "thread \"" + thread.getName() + "\", which the explorer does not control, called "
                    + op.label() + " on " + WaitFor.label(primitive) + ", a primitive of the scenario; start every"
                    + " thread of a scenario as a virtual thread from its own threads";
        }
    }

    void addInvariant(String name, java.util.function.BooleanSupplier condition) {
        invariantNames.add(name);
        invariants.add(condition);
    }

    /** Runs on the carrier between steps, while no task runs. */
    private void checkInvariants() {
        for (int i = 0; i < invariants.size(); i++) {
            boolean holds;
            Throwable error = null;
            try {
                holds = invariants.get(i).getAsBoolean();
            } catch (Throwable e) {
                holds = false;
                error = e;
            }
            if (!holds) {
                String message = "invariant violated after step " + steps + ": " + invariantNames.get(i)
                        + (error == null ? "" : " (" + firstLine(error) + ")");
                if (trace != null) {
                    trace.add(last == null ? 0 : last.id, Step.Kind.FAIL, message, "", "", -1);
                }
                failWith(Failure.Kind.ASSERTION, message, new AssertionError(message, error));
                return;
            }
        }
    }

    // ---- failures --------------------------------------------------------------------------------------------------

    private void uncaught(Thread thread, Throwable e) {
        TaskState t = taskOf(thread);
        if (t != null) {
            fail(t, e);
        }
    }

    private void fail(TaskState t, Throwable e) {
        if (e instanceof RunAborted || aborting) {
            return;
        }
        if (trace != null && !failed()) {
            trace.add(t.id, Step.Kind.FAIL, "fails: " + firstLine(e), "", "", -1);
        }
        if (!failed()) {
            failedTask = t.id;
        }
        failWith(e instanceof AssertionError ? Failure.Kind.ASSERTION : Failure.Kind.EXCEPTION,
                t.name + ": " + firstLine(e), e);
    }

    private void failWith(Failure.Kind kind, String message, Throwable cause) {
        if (failureKind == null) {
            failureKind = kind;
            failureMessage = message;
            failureCause = cause;
        }
    }

    private void stepLimit() {
        failWith(Failure.Kind.STEP_LIMIT, "the run exceeded its limit of " + maxSteps
                + " steps: a livelock, or a scenario longer than the limit (raise maxSteps)", null);
    }

    private void deadlock() {
        List<Thread> live = new ArrayList<>();
        Map<Thread, String> names = new LinkedHashMap<>();
        for (TaskState t : tasks) {
            names.put(t.thread, t.name + (t.state == TaskState.DONE ? " (ended)" : ""));
            if (t.state != TaskState.DONE) {
                live.add(t.thread);
            }
        }
        Map<Object, List<Thread>> held = new IdentityHashMap<>();
        holders.forEach((p, list) -> {
            List<Thread> threads = new ArrayList<>();
            list.forEach(t -> threads.add(t.thread));
            held.put(p, threads);
        });
        WaitFor waitFor = new WaitFor(live, held, names::get, this::objectLabel);
        List<String> cycle = waitFor.cycle();
        String headline = cycle != null
                ? "deadlock: " + String.join(" -> ", cycle)
                : "deadlock: every task is blocked, no timer is pending, and nothing can wake them";
        failWith(Failure.Kind.DEADLOCK, waitFor.picture(headline).stripTrailing(), null);
    }

    private void checkLeaks() {
        StringBuilder sb = new StringBuilder();
        for (TaskState t : tasks) {
            if (t.state != TaskState.DONE) {
                sb.append(sb.length() == 0 ? "" : "; ").append(t.name).append(' ')
                        .append(t.state == TaskState.RUNNABLE ? "is ready to run"
                                : WaitFor.describe(t.thread, this::objectLabel));
            }
        }
        if (sb.length() > 0) {
            failWith(Failure.Kind.LEAKED_TASK, "the scenario returned while tasks were still running: " + sb
                    + " (join every task you start, e.g. with a TaskGroup)", null);
        }
    }

    // ---- teardown --------------------------------------------------------------------------------------------------

    /** Interrupts what is left and lets it unwind (scheduling points throw RunAborted); abandons what cannot. */
    private void teardown() {
        aborting = true;
        pending = null;
        boolean any = false;
        for (TaskState t : tasks) {
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
            while ((r = inbox.poll()) != null) {
                onCarrier(r);
            }
            TaskState next = null;
            for (TaskState t : tasks) {
                if (t.state == TaskState.RUNNABLE) {
                    next = t;
                    break;
                }
            }
            if (next == null) {
                return;
            }
            step(next);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private TaskState taskOf(Thread thread) {
        for (TaskState t : tasks) {
            if (t.thread == thread) {
                return t;
            }
        }
        return null;
    }

    private void parked(TaskState t) {
        Object blocker = LockSupport.getBlocker(t.thread);
        if (blocker != null && blocker.getClass().getName().startsWith("java.util.concurrent.CountDownLatch")) {
            for (TaskState other : tasks) {
                if (other != t && other.state != TaskState.DONE && VThreads.joinBlocker(other.thread) == blocker) {
                    trace.add(t.id, Step.Kind.PARK, "joins " + other.name, "", "", other.id);
                    return;
                }
            }
        }
        String object = objectLabel(blocker);
        String until = t.timer != null ? " until " + formatTime(t.timer.deadline) : "";
        if ("Clock.sleep".equals(object)) {
            trace.add(t.id, Step.Kind.PARK, "sleeps" + until, "", "", -1);
            return;
        }
        StringBuilder text = new StringBuilder("waits for ").append(object.isEmpty() ? "an unpark" : object)
                .append(until);
        List<TaskState> hs = blocker == null ? null : holders.get(blocker);
        if (hs != null && !hs.isEmpty()) {
            text.append(", held by ");
            for (int i = 0; i < hs.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(hs.get(i).name);
            }
        }
        trace.add(t.id, Step.Kind.PARK, text.toString(), "Clock.sleep".equals(object) ? "" : object, "", -1);
    }

    /**
     * How a trace names a primitive: its own name, or for an unnamed one its class and a number by order of first
     * appearance in the run ({@code ReentrantLock#1}), so that a run and its replay read the same.
     */
    private String objectLabel(Object primitive) {
        if (primitive == null || primitive instanceof Class<?>) {
            return "";
        }
        String l = labels.get(primitive);
        if (l == null) {
            l = WaitFor.label(primitive);
            int at = l.lastIndexOf('@');
            if (at > 0 && l.substring(at + 1).matches("[0-9a-f]+")) {
                l = l.substring(0, at) + "#" + (labels.size() + 1);
            }
            labels.put(primitive, l);
        }
        return l;
    }

    static String formatTime(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return "forever";
        }
        if (nanos % 1_000_000_000L == 0) {
            long s = nanos / 1_000_000_000L;
            return s % 3600 == 0 && s > 0 ? s / 3600 + " h" : s + " s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + " ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + " µs";
        }
        return nanos + " ns";
    }

    private static final StackWalker WALKER = StackWalker.getInstance();

    /** The first frame of the scenario's own code, as File.java:line. */
    private static String location() {
        return WALKER.walk(frames -> frames.filter(f -> !internal(f.getClassName())).findFirst()
                .map(f -> f.getFileName() + ":" + f.getLineNumber()).orElse(""));
    }

    private static boolean internal(String cls) {
        return cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.")
                || cls.startsWith("dev.lockstep.sync.") || cls.startsWith("dev.lockstep.task.")
                || cls.startsWith("dev.lockstep.internal.") || cls.startsWith("dev.lockstep.explore.internal.");
    }

    static String firstLine(Throwable e) {
        String s = e.toString();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
