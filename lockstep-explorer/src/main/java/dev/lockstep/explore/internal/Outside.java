package dev.lockstep.explore.internal;

import dev.lockstep.internal.Blockers;
import dev.lockstep.internal.Carriers;
import dev.lockstep.internal.WaitFor;
import dev.lockstep.internal.hook.Pending;
import dev.lockstep.internal.hook.PlatformThreads;
import dev.lockstep.internal.hook.Op;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads outside one run that reach into it: the JDK's timers, unblockers and pollers, which may wake its tasks, and
 * threads the explorer does not control, which must not (they make the run depend on real time, so they are reported
 * as NONDETERMINISM). Their submissions wait in an inbox until the carrier takes them; when nothing in the run can go
 * on but something outside may still wake a task, the carrier waits here in real time.
 */
final class Outside {
    static {
        // Load now what describing a task loads on first use. The carrier must never load a class while tasks are
        // parked: a task parked inside class loading (it holds a jar's monitor, or is that monitor's chosen next
        // owner) would wait for this carrier, and this carrier for the monitor.
        WaitFor.describe(Thread.currentThread());
    }

    /** How long a run waits for threads outside it when tasks wait on monitors or unknown things (I/O...). */
    private static final long QUIET_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long INTRUDER_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * How many platform threads had been started in the JVM when a worker last looked, kept across its runs: reading
     * the count costs as much as a small run, so a run reads it only when it is about to report a deadlock.
     */
    static final class ThreadCount {
        private long seen = THREADS.getTotalStartedThreadCount();
        /** A run once waited in vain for a queued hand-off: later runs of this worker do not wait for one again. */
        private boolean queuedInVain;
    }

    private final Thread carrier;
    private final long deadline;
    private final ThreadCount threads;
    /** Continuations of the run's tasks that threads outside it made runnable. */
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** Set while the carrier waits here, so that a submission unparks it. */
    private volatile boolean awaiting;
    /** What the first uncontrolled thread did, or null. */
    private volatile String intruder;
    private long realWaitNanos;
    /** What the run waited for in real time, e.g. "t1 waits with a timeout for Semaphore#1", and for how long. */
    private final java.util.Map<String, Long> realWaits = new java.util.LinkedHashMap<>();
    private boolean timedOut;

    Outside(Thread carrier, long deadline, ThreadCount threads) {
        this.carrier = carrier;
        this.deadline = deadline;
        this.threads = threads;
    }

    /** A thread outside the run made a task runnable. The JDK's own threads may; anyone else escapes control. */
    void submitted(Runnable continuation, Thread from) {
        inbox.add(continuation);
        if (intruder == null && !Carriers.isJdkSystemThread(from) && !Carriers.isLockstepThread(from)) {
            intruder = describe(from) + ", which the explorer does not control, woke one of the scenario's tasks; "
                    + HINT;
        }
        if (awaiting) {
            LockSupport.unpark(carrier);
        }
    }

    /** A thread outside the run operated on a primitive that one of its tasks created. */
    void touched(Object primitive, Op op, Thread thread) {
        if (intruder == null) {
            intruder = describe(thread) + ", which the explorer does not control, called " + op.label() + " on "
                    + WaitFor.label(primitive) + ", a primitive of the scenario; " + HINT;
        }
    }

    private static final String HINT = "start the scenario's threads and pools from the scenario's own tasks (with"
            + " the Lockstep agent attached, platform threads, executors and the common pool they use are controlled"
            + " too)";

    /** A thread by name, and where it was started if the agent saw it start. */
    private static String describe(Thread thread) {
        String where = PlatformThreads.startedAt(thread);
        return "thread \"" + thread.getName() + "\"" + (where == null ? "" : " (" + where + ")");
    }

    /** The next submission, or null. */
    Runnable poll() {
        return inbox.poll();
    }

    /** What an uncontrolled thread did, or null if none took part. */
    String intruder() {
        return intruder;
    }

    boolean timedOut() {
        return timedOut;
    }

    long realWaitNanos() {
        return realWaitNanos;
    }

    /** What the run waited for in real time, the longest waits first (three at most), or null. */
    String realWaitWhere() {
        if (realWaits.isEmpty()) {
            return null;
        }
        return realWaits.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(3)
                .map(e -> e.getKey() + ", " + Math.max(1, e.getValue() / 1_000_000) + " ms")
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /**
     * Nothing in the run can go on and no virtual timer is set, but a thread outside it may still wake a task: a JDK
     * timer (a task in a timed JDK wait, or one it has just woken), the monitor unblocker, an I/O poller (a task
     * blocked on a monitor or on something that is no known synchronizer). Waits for it in real time.
     *
     * @return true if something arrived; false if nothing can or did (a deadlock), or the time limit passed
     */
    boolean awaitWakeUp(List<TaskState> tasks) {
        boolean timed = false;
        boolean unknown = false;
        String where = null;
        for (TaskState t : tasks) {
            if (t.state == TaskState.BLOCKED && t.entering != null) {
                continue; // waits for a monitor in the run's books: only the run's tasks can give it up
            }
            if (t.state == TaskState.BLOCKED) {
                Thread.State s = t.thread.getState();
                Object blocker = LockSupport.getBlocker(t.thread);
                if (s == Thread.State.TIMED_WAITING || s == Thread.State.RUNNABLE) {
                    // Timed, or already woken by a JDK timer whose submission is on its way: not a deadlock.
                    timed = true;
                    where = where != null ? where : t.name + " " + WaitFor.describe(t.thread);
                } else if (s == Thread.State.BLOCKED
                        || !(Blockers.isLockstepWait(blocker) || Blockers.isJdkSynchronizer(blocker))) {
                    unknown = true;
                    where = where != null ? where : t.name + " " + WaitFor.describe(t.thread);
                }
            }
        }
        if (!timed && !unknown && inbox.isEmpty()) {
            return false;
        }
        long start = System.nanoTime();
        awaiting = true;
        try {
            while (inbox.isEmpty()) {
                if (System.nanoTime() - deadline > 0) {
                    timedOut = true;
                    return false;
                }
                if (!timed && System.nanoTime() - start > QUIET_LIMIT_NANOS) {
                    return false;
                }
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
            }
            return true;
        } finally {
            awaiting = false;
            long waited = System.nanoTime() - start;
            realWaitNanos += waited;
            realWaits.merge(where == null ? "a wake-up from outside the run" : where, waited, Long::sum);
        }
    }

    /**
     * Everything waits, but platform threads were started since the worker last looked (by the scenario, perhaps), or
     * a platform thread the explorer does not control is running the program's code (a pool made before the
     * scenario, serving one of its tasks), or a task the run handed off is queued for or running on such a thread:
     * gives them a moment, so that one which wakes a task is reported as escaping control rather than the run as a
     * deadlock. The moment lasts while a task the run handed off is queued or running outside it, up to the quiet
     * limit; a worker that once waited so in vain (the task was queued for the run's own blocked threads) does not
     * wait for a queued one again. Runs that start no platform thread and hand nothing to one never pay this.
     */
    boolean awaitIntruders(Pending handoffs) {
        if (timedOut) {
            return false;
        }
        long started = THREADS.getTotalStartedThreadCount();
        boolean mayTakeQueued = handoffs.queued() > 0 && !threads.queuedInVain
                && PlatformThreads.anyUncontrolledAlive();
        boolean handedOut = handoffs.outside() > 0 || mayTakeQueued;
        if (started == threads.seen && !handedOut && !PlatformThreads.anyUncontrolledAtWork()) {
            return false;
        }
        threads.seen = started; // once per new thread, not forever
        long start = System.nanoTime();
        long until = start + INTRUDER_GRACE_NANOS;
        awaiting = true;
        try {
            while (inbox.isEmpty() && intruder == null) {
                long now = System.nanoTime();
                boolean owed = handoffs.outside() > 0 || (mayTakeQueued && handoffs.queued() > 0);
                if (owed && now - start < QUIET_LIMIT_NANOS) {
                    until = now + INTRUDER_GRACE_NANOS; // queued for or at work for the run: a wake-up may follow
                }
                if (now - until >= 0 || now - deadline > 0) {
                    break;
                }
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(2));
            }
        } finally {
            awaiting = false;
        }
        boolean arrived = !inbox.isEmpty() || intruder != null;
        if (!arrived && mayTakeQueued && handoffs.outside() == 0) {
            threads.queuedInVain = true; // queued for the run's own blocked threads: do not wait for it again
        }
        return arrived;
    }
}
