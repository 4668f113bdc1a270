package dev.lockstep.explore.internal;

import dev.lockstep.internal.Holders;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The Java monitors of one run, as the explorer keeps their books (instrumented code only: the agent reports every
 * {@code monitorenter}, {@code monitorexit}, {@code wait} and {@code notify}). The books decide; the JVM's own monitors
 * only follow: a task reaches the real {@code monitorenter} only once the books gave it the monitor, so it never
 * blocks there, and a task in {@code Object.wait} is woken (by an interrupt the explorer marks as its own) only once
 * the books gave the monitor back to it, so it never blocks re-entering. Who gets a monitor next is FIFO among those
 * that want it: tasks blocked at its entry and waiters that were notified, timed out or interrupted.
 */
final class Monitors {

    /** One monitor's books. */
    private static final class Monitor {
        TaskState owner;
        int count;
        /** Tasks that want the monitor, in the order they came to want it. */
        final ArrayDeque<TaskState> queue = new ArrayDeque<>(2);
        /** Tasks in {@code wait()}, in the order they began to wait. */
        final ArrayDeque<TaskState> waitSet = new ArrayDeque<>(2);
    }

    private final Holders holders;
    private final VirtualClock clock;
    /** Created on first use: most runs take no monitor. */
    private IdentityHashMap<Object, Monitor> byObject;

    Monitors(Holders holders, VirtualClock clock) {
        this.holders = holders;
        this.clock = clock;
    }

    private Monitor of(Object o) {
        if (byObject == null) {
            byObject = new IdentityHashMap<>();
        }
        return byObject.computeIfAbsent(o, k -> new Monitor());
    }

    private Monitor find(Object o) {
        return byObject == null ? null : byObject.get(o);
    }

    /** The task that owns {@code o} by the books, or null. */
    TaskState owner(Object o) {
        Monitor m = find(o);
        return m == null ? null : m.owner;
    }

    /**
     * {@code t}, running, enters {@code o}: returns once the books give it {@code o}, parking (blocker {@code o}) while
     * another task holds it. Not interruptible, as {@code monitorenter} is not; an interrupt meanwhile stays set.
     *
     * @param aborted tells whether the run is over, which ends the wait by throwing {@link RunAborted}
     */
    void enter(TaskState t, Object o, java.util.function.BooleanSupplier aborted) {
        Monitor m = of(o);
        if (m.owner == t) {
            m.count++;
            return;
        }
        if (m.owner == null) {
            take(m, o, t, 1);
            return;
        }
        m.queue.add(t);
        t.entering = o;
        boolean interrupted = false;
        try {
            while (m.owner != t) {
                if (Thread.interrupted()) {
                    interrupted = true;
                }
                LockSupport.park(o);
                if (aborted.getAsBoolean()) {
                    throw RunAborted.INSTANCE;
                }
            }
        } finally {
            t.entering = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code t} exits {@code o} (before the real {@code monitorexit}); the next in line gets it when it falls free. */
    void exit(TaskState t, Object o) {
        Monitor m = find(o);
        if (m != null && m.owner == t && --m.count == 0) {
            release(m, o, t);
        }
    }

    /**
     * {@code t} waits on {@code o}: gives up the monitor by the books and waits in the real {@code o.wait()}, which
     * releases the JVM's monitor, until the explorer wakes it (a notify, or {@code nanos} of virtual time if not 0) or
     * an interrupt does, and the books give it the monitor back.
     *
     * @param spuriously whether it is woken at once, without a notify (it still gives the monitor up, so that tasks
     *     waiting to enter it go first)
     * @return false if {@code t} does not hold {@code o} by the books (the caller lets the JDK wait, or throw)
     * @throws InterruptedException if it was interrupted, with the monitor held again
     */
    boolean await(TaskState t, Object o, long nanos, boolean spuriously) throws InterruptedException {
        Monitor m = find(o);
        if (m == null || m.owner != t) {
            return false;
        }
        t.savedCount = m.count;
        t.waitingOn = o;
        t.granted = false;
        t.explorerWake = false;
        if (spuriously) {
            t.explorerWake = true;
            m.queue.add(t); // woken at once: it wants the monitor back, after those already waiting for it
        } else {
            m.waitSet.add(t);
        }
        Runnable cancelTimer = nanos > 0 ? clock.schedule(saturatedAdd(clock.now(), nanos), () -> timedOut(t, o))
                : null;
        release(m, o, t);
        try {
            o.wait(); // the explorer wakes it with an interrupt once it may have the monitor back
            // Woken otherwise (a thread outside the explorer notified): it holds the JVM's monitor now.
            m.waitSet.remove(t);
            m.queue.remove(t);
            if (m.owner == null) {
                take(m, o, t, t.savedCount);
            }
        } catch (InterruptedException e) {
            if (!t.explorerWake) {
                throw e; // a real interrupt, with the monitor held again as the books gave it
            }
            if (t.interruptedMeanwhile) {
                Thread.currentThread().interrupt(); // notified and interrupted: return, with the interrupt set
            }
        } finally {
            t.waitingOn = null;
            t.granted = false;
            t.explorerWake = false;
            t.interruptedMeanwhile = false;
            if (cancelTimer != null) {
                cancelTimer.run();
            }
        }
        return true;
    }

    /**
     * {@code t} notifies {@code o}: the longest waiter (every waiter, if {@code all}) now wants the monitor back.
     *
     * @return false if {@code t} does not hold {@code o} by the books (the caller lets the JDK notify, or throw)
     */
    boolean notify(TaskState t, Object o, boolean all) {
        Monitor m = find(o);
        if (m == null || m.owner != t) {
            return false;
        }
        do {
            TaskState w = m.waitSet.poll();
            if (w == null) {
                break;
            }
            w.explorerWake = true;
            m.queue.add(w);
        } while (all);
        return true;
    }

    /**
     * A continuation arrived for {@code t}, which is in {@code Object.wait} (an interrupt woke it, the explorer's or
     * another's): whether it may run now, that is, whether the books gave it the monitor back. If not, it now wants the
     * monitor and waits for it with its continuation kept.
     */
    boolean woken(TaskState t) {
        Monitor m = find(t.waitingOn);
        if (t.granted || m == null) {
            return true;
        }
        t.interruptedMeanwhile = true; // not the explorer's own wake-up: someone interrupted it
        if (m.waitSet.remove(t)) {
            m.queue.add(t);
        }
        if (m.owner == null && m.queue.peek() == t) {
            m.queue.poll();
            give(m, t.waitingOn, t);
        }
        return t.granted;
    }

    /** The virtual time of {@code t}'s {@code wait(timeout)} ran out: it wants the monitor back. */
    private void timedOut(TaskState t, Object o) {
        Monitor m = find(o);
        if (t.waitingOn == o && m != null && m.waitSet.remove(t)) {
            t.explorerWake = true;
            m.queue.add(t);
            if (m.owner == null) {
                grantNext(m, o);
            }
        }
    }

    private void release(Monitor m, Object o, TaskState t) {
        m.owner = null;
        m.count = 0;
        holders.released(o, t.thread);
        grantNext(m, o);
    }

    private void grantNext(Monitor m, Object o) {
        TaskState next = m.queue.poll();
        if (next != null) {
            give(m, o, next);
        }
    }

    /** Gives {@code o} to {@code next}, which wanted it, and wakes it. */
    private void give(Monitor m, Object o, TaskState next) {
        if (next.waitingOn == o) {
            take(m, o, next, next.savedCount);
            next.granted = true;
            if (next.cont != null) {
                next.state = TaskState.RUNNABLE; // already woken; its continuation was kept
            } else {
                next.explorerWake = true;
                next.thread.interrupt(); // ends its real wait; its continuation arrives now, on this carrier
            }
        } else {
            take(m, o, next, 1);
            LockSupport.unpark(next.thread);
        }
    }

    private void take(Monitor m, Object o, TaskState t, int count) {
        m.owner = t;
        m.count = count;
        holders.acquired(o, t.thread);
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < a ? Long.MAX_VALUE : s;
    }
}
