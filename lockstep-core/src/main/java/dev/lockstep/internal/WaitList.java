package dev.lockstep.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A FIFO of {@link Waiter}s with O(1) removal from anywhere, so that a waiter that gives up leaves at once and
 * nothing else has to skip over it. Not thread-safe: every method except {@link #size()} runs under the owning
 * primitive's guard.
 */
public final class WaitList {
    private Waiter head, tail;
    /** Number of linked waiters; written under the guard, read by anyone (opaque: a monitoring estimate). */
    private int size;

    public boolean isEmpty() {
        return head == null;
    }

    /** The number of waiters; safe to call without the guard, where it is an estimate. */
    public int size() {
        return (int) SIZE.getOpaque(this);
    }

    public Waiter peek() {
        return head;
    }

    public void add(Waiter w) {
        Waiter t = tail;
        w.prev = t;
        w.next = null;
        if (t == null) {
            head = w;
        } else {
            t.next = w;
        }
        tail = w;
        SIZE.setOpaque(this, size + 1);
    }

    /** Adds {@code w} at the head: an unfair primitive's waiter that lost to a barging thread keeps its turn. */
    public void addFirst(Waiter w) {
        Waiter h = head;
        w.prev = null;
        w.next = h;
        if (h == null) {
            tail = w;
        } else {
            h.prev = w;
        }
        head = w;
        SIZE.setOpaque(this, size + 1);
    }

    /**
     * Adds {@code w} as a waiter for a lock or a permit, which may spin before parking: if it is first in line and,
     * when it is a virtual thread, {@code holder} (the thread it waits for, if known) is running now. Short critical
     * sections then hand over without a park. (Queue waiters never spin: a parked consumer lets the producer fill the
     * buffer and then drains it in bulk, where a spinning one would take items one hand-off at a time.)
     */
    public void addSpinning(Waiter w, Thread holder) {
        add(w);
        boolean virtual = w.thread.isVirtual();
        w.parallel = !virtual || VThreads.runsInParallel(w.thread);
        if (w.prev == null) {
            boolean holderRuns = !virtual || (holder != null && VThreads.isMounted(holder));
            w.spin = holderRuns;
            if (!holderRuns && holder != null && w.parallel) {
                w.ahead = Waiter.YIELD_FIRST;
            }
        }
    }

    /**
     * After {@code served} was taken off the queue and handed the resource, the waiter to wake ahead of its turn
     * (see {@link Waiter#wakeAhead()}), or null. Adaptive: a wake-ahead pays when the woken waiter is awake when its
     * turn comes. It is wasted when hold times are longer than its spin, so that it spins out and parks again; and,
     * for a platform thread, when it never got to run before its turn: there were more runnable threads than
     * processors, the early wake-up only gave the OS one more thread to switch to, and the hand-off has to wake it
     * anyway (8 platform threads on 2 cores: 15 µs per change of owner with wake-ahead against 10 µs without, the
     * fair ReentrantLock's cost). A virtual thread that has not run yet is not a miss: its wake-up was a submission to
     * the carriers' queue, made earlier, and the hand-off's unpark of a submitted thread costs nothing more. After
     * misses only one release in {@value #PROBE_EVERY} tries again, to notice when waking ahead pays again.
     */
    public Waiter wakeAheadAfter(Waiter served) {
        int outcome = served.ahead;
        if (outcome == Waiter.AHEAD_WOKEN && (!served.parked || served.thread.isVirtual())) {
            aheadScore = Math.min(aheadScore + 1, SCORE_LIMIT);
        } else if (outcome == Waiter.AHEAD_WOKEN || outcome == Waiter.AHEAD_SPUN_OUT) {
            aheadScore = Math.max(aheadScore - 1, -SCORE_LIMIT);
        }
        Waiter h = head;
        if (h == null || !h.parallel || (aheadScore < 0 && (++probes & (PROBE_EVERY - 1)) != 0)) {
            return null;
        }
        return h;
    }

    private static final int SCORE_LIMIT = 2;
    /** Rare enough that probing costs little where waking ahead does not pay (1.5% more wake-ups at worst). */
    private static final int PROBE_EVERY = 64;
    /** Recent wake-ahead outcomes, +1 for each that was spinning when served, -1 for each that was not; guarded. */
    private int aheadScore;
    private int probes;

    /** Removes and returns the longest waiter, or null. */
    public Waiter poll() {
        Waiter h = head;
        if (h != null) {
            unlink(h);
        }
        return h;
    }

    /** Removes {@code w}, which must be in this list. */
    public void remove(Waiter w) {
        unlink(w);
    }

    /**
     * The step after a wait that ended for the waiter's own reason ({@code outcome} is one of {@link Parking}'s
     * negative outcomes: interrupted, timed out, or an enclosing Timeout expired): under {@code guard}, {@code w} leaves
     * the list unless it was served first. If it leaves, {@code onLeave} (if any) runs under the guard, to fix the
     * primitive's state, and the result is true: the caller reports the outcome. If it was served (or shut out) first,
     * the result is false: the service wins, nothing is lost, and an interrupt that ended the wait is re-asserted so
     * that the caller still sees it.
     */
    public boolean giveUp(GuardLock guard, Waiter w, int outcome, Runnable onLeave) {
        guard.lock();
        try {
            if (cancel(w)) {
                if (onLeave != null) {
                    onLeave.run();
                }
                return true;
            }
        } finally {
            guard.unlock();
        }
        if (outcome == Parking.INTERRUPTED) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Gives up {@code w}'s place, under the owner's guard: if it is still waiting, takes it off the list, marks it
     * cancelled and returns true; false if it was served (or shut out) first, and must then honour what it got.
     */
    public boolean cancel(Waiter w) {
        if (w.status != Waiter.WAITING) {
            return false;
        }
        unlink(w);
        w.status = Waiter.CANCELLED;
        return true;
    }

    /** Removes every waiter, calling {@code action} on each in FIFO order. */
    public void drain(Consumer<Waiter> action) {
        Waiter w = head;
        head = tail = null;
        SIZE.setOpaque(this, 0);
        while (w != null) {
            Waiter next = w.next;
            w.prev = w.next = null;
            action.accept(w);
            w = next;
        }
    }

    /**
     * Empties the list, giving every waiter {@code status}, and returns the first of them; the caller wakes them with
     * {@link #unparkAll} after leaving the guard. The waiters keep their forward links until then (nothing else
     * touches the links of a waiter that is no longer queued).
     */
    public Waiter releaseAll(int status) {
        Waiter first = head;
        for (Waiter w = first; w != null; w = w.next) {
            w.status = status;
        }
        head = tail = null;
        SIZE.setOpaque(this, 0);
        return first;
    }

    /** Unparks, in FIFO order, the chain that {@link #releaseAll} returned. */
    public static void unparkAll(Waiter first) {
        for (Waiter w = first; w != null; ) {
            Waiter next = w.next;
            w.prev = w.next = null;
            w.wake();
            w = next;
        }
    }

    /** Calls {@code action} on each waiter in FIFO order, leaving them linked. */
    public void forEach(Consumer<Waiter> action) {
        for (Waiter w = head; w != null; w = w.next) {
            action.accept(w);
        }
    }

    private void unlink(Waiter w) {
        Waiter p = w.prev, n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = w.next = null;
        SIZE.setOpaque(this, size - 1);
    }

    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(WaitList.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
