package dev.lockstep.task;

import dev.lockstep.internal.Blockers;
import dev.lockstep.internal.Carriers;
import dev.lockstep.internal.Holders;
import dev.lockstep.internal.Names;
import dev.lockstep.internal.WaitFor;
import dev.lockstep.internal.hook.Op;
import dev.lockstep.internal.hook.Probe;
import dev.lockstep.sync.Mutex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The scheduler of a {@link Loop} in debug mode: the plain loop, plus a watchdog for slow tasks, holder tracking through
 * the primitives' hooks (for leaked locks and wait-for pictures), and deadlock detection whenever the loop goes idle.
 */
final class DebugLoopScheduler extends LoopScheduler implements Probe {

    /*
     * Overview
     *
     * Every hook call comes from a thread of this loop, hence from the carrier, so the holder map needs no locking;
     * only touchedFromOutside comes from elsewhere. When the loop goes idle it looks at every live task: if each is
     * parked, without a timeout, in one of Lockstep's waits, then either the wait-for graph has a cycle, or every
     * primitive they wait on was created on this loop and never touched from outside; in both cases nothing can wake
     * them, so it is a deadlock. If the idle lasts past the deadlock timeout without that certainty, it is a stall.
     */

    private static final System.Logger LOG = System.getLogger("dev.lockstep.loop");

    private final long slowNanos;
    private final long deadlockTimeoutNanos;
    private final Consumer<DebugReport> sink;
    /** What each task holds; carrier only. */
    private final Holders held = new Holders();
    /** Primitives created by this loop's threads; carrier only. */
    private final Set<Object> created = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Primitives of this loop that a thread outside it touched: those could be released from outside. */
    private final Set<Object> shared = Collections.newSetFromMap(new ConcurrentHashMap<>());
    /** Start of the current step and its number, read by the watchdog. */
    private volatile long stepStart;
    private volatile long stepNumber;
    private volatile boolean slowReported;
    private volatile boolean running = true;
    private long idleSince;
    private boolean idleChecked;
    private boolean stallReported;

    DebugLoopScheduler(long slowNanos, long deadlockTimeoutNanos, Consumer<DebugReport> sink) {
        this.slowNanos = slowNanos;
        this.deadlockTimeoutNanos = deadlockTimeoutNanos;
        this.sink = sink;
    }

    @Override
    <T> void run(Thread root, java.util.concurrent.FutureTask<T> result) {
        Thread watchdog = Carriers.newThread("lockstep-loop-watchdog", true, this::watch);
        watchdog.start();
        try {
            super.run(root, result);
        } finally {
            running = false;
            LockSupport.unpark(watchdog);
        }
    }

    // ---- Probe ---------------------------------------------------------------------------------------------------

    @Override
    public void point(Object primitive, Op op) {}

    @Override
    public void created(Object primitive) {
        created.add(primitive);
    }

    @Override
    public void acquired(Object primitive) {
        held.acquired(primitive, Thread.currentThread());
    }

    @Override
    public void released(Object primitive) {
        held.released(primitive, Thread.currentThread());
    }

    @Override
    public void touchedFromOutside(Object primitive, Op op, Thread thread) {
        shared.add(primitive);
    }

    // ---- steps ---------------------------------------------------------------------------------------------------

    @Override
    void beforeStep(Thread t) {
        idleChecked = false;
        slowReported = false;
        stepStart = System.nanoTime();
        stepNumber++;
    }

    @Override
    void afterStep(Thread t) {
        long took = System.nanoTime() - stepStart;
        if (took > slowNanos && !slowReported) {
            slowReported = true;
            report(new DebugReport(DebugReport.Kind.SLOW_TASK, Names.thread(t), slowMessage(t, took), List.of()));
        }
    }

    @Override
    void taskEnded(Thread t) {
        for (Object p : held.forget(t)) {
            if (p instanceof Mutex m) {
                report(new DebugReport(DebugReport.Kind.LEAKED_LOCK, Names.thread(t), "task " + Names.thread(t)
                        + " ended while holding " + m + "; it will never be unlocked, so whoever locks it next waits"
                        + " forever", List.of()));
            }
        }
    }

    @Override
    void leftoverTasks(List<Thread> leftovers) {
        for (Thread t : leftovers) {
            report(new DebugReport(DebugReport.Kind.LEAKED_TASK, Names.thread(t), "task " + Names.thread(t)
                    + " was still running when the loop's main task returned (" + WaitFor.describe(t)
                    + "); it is interrupted now", List.of()));
        }
    }

    @Override
    void idleWait() {
        long now = System.nanoTime();
        if (!idleChecked) {
            idleChecked = true;
            stallReported = false;
            idleSince = now;
            analyse(false);
        } else if (!stallReported && now - idleSince >= deadlockTimeoutNanos) {
            stallReported = true;
            analyse(true);
        }
        LockSupport.parkNanos(this, deadlockTimeoutNanos);
    }

    // ---- analysis ------------------------------------------------------------------------------------------------

    /** Looks for a deadlock (then throws), or, if {@code stalled}, reports that everything has waited too long. */
    private void analyse(boolean stalled) {
        List<Thread> live = new ArrayList<>();
        for (Thread t : tasks.values()) {
            if (t.isAlive()) {
                live.add(t);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        boolean allLockstep = true;
        boolean allWaiting = true;
        boolean allLocal = true;
        for (Thread t : live) {
            Thread.State s = t.getState();
            Object blocker = LockSupport.getBlocker(t);
            if (s != Thread.State.WAITING && s != Thread.State.BLOCKED) {
                allWaiting = false;
            }
            if (s != Thread.State.WAITING || !Blockers.isLockstepWait(blocker)) {
                allLockstep = false;
            } else if (!created.contains(blocker) || shared.contains(blocker)) {
                allLocal = false;
            }
        }
        WaitFor waitFor = new WaitFor(live, held.asMap(), Names::thread);
        if (allLockstep && (allLocal || waitFor.cycle() != null)) {
            String picture = waitFor.picture("Deadlock: every task of the loop is waiting and nothing can wake them.");
            report(new DebugReport(DebugReport.Kind.DEADLOCK, null, picture, List.of()));
            throw new DeadlockException(picture);
        }
        if (stalled && allWaiting) {
            String picture = waitFor.picture("Stall: every task of the loop has been waiting for "
                    + TimeUnit.NANOSECONDS.toMillis(deadlockTimeoutNanos) + " ms; only a thread outside the loop can"
                    + " wake them now.");
            report(new DebugReport(DebugReport.Kind.STALL, null, picture, List.of()));
        }
    }

    // ---- slow tasks ----------------------------------------------------------------------------------------------

    private void watch() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1), slowNanos / 4);
        while (running) {
            LockSupport.parkNanos(this, period);
            long n = stepNumber;
            Thread t = current;
            long start = stepStart;
            if (t == null || slowReported) {
                continue;
            }
            long took = System.nanoTime() - start;
            if (took > slowNanos && n == stepNumber) {
                StackTraceElement[] stack = t.getStackTrace();
                if (n == stepNumber && !slowReported) {
                    slowReported = true;
                    report(new DebugReport(DebugReport.Kind.SLOW_TASK, Names.thread(t), slowMessage(t, took),
                            Arrays.asList(stack)));
                }
            }
        }
    }

    private String slowMessage(Thread t, long nanos) {
        return "task " + Names.thread(t) + " has kept the loop's carrier for " + TimeUnit.NANOSECONDS.toMillis(nanos)
                + " ms without blocking (threshold " + TimeUnit.NANOSECONDS.toMillis(slowNanos)
                + " ms); every other task of the loop waits meanwhile";
    }

    private void report(DebugReport r) {
        StringBuilder text = new StringBuilder(r.message());
        for (StackTraceElement e : r.stack()) {
            text.append("\n\tat ").append(e);
        }
        LOG.log(System.Logger.Level.WARNING, text.toString());
        if (sink != null) {
            sink.accept(r);
        }
    }
}
