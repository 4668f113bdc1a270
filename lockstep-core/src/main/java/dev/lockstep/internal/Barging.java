package dev.lockstep.internal;

import java.util.function.BooleanSupplier;

/**
 * The waiting side of an unfair primitive (a {@code Mutex} or {@code Semaphore} built with {@code fair = false}), as
 * {@code java.util.concurrent}'s non-fair locks work: a release returns the resource to the primitive and wakes the
 * longest waiter, which then competes for it with threads just arriving. A waiter that loses goes back to the head of
 * the queue, so the queue still orders the waiters among themselves; only arrivals overtake them.
 *
 * <p>No wake-up is lost: a waiter announces itself ({@link #waiting}, volatile) before it tries to take the resource,
 * and a releaser returns the resource before it reads {@link #waiting}, so of the two at least one sees the other.
 * A waiter woken while it was giving up (interrupt, timeout) passes the wake-up on to the next one.
 */
public final class Barging {
    private final GuardLock guard;
    private final WaitList queue;
    /** Waiters in the queue; written under the guard, read by releasers without it. */
    private volatile int waiting;
    /**
     * Whether a woken waiter is on its way to compete: then a release wakes no one else (as AQS wakes one successor
     * at a time), so that releases under contention do not wake a crowd to fight over one resource. The woken waiter
     * clears it before it competes; a releaser frees the resource before it reads it, so again one sees the other.
     */
    private volatile boolean woken;

    /** Whether more is free after a take (a semaphore's other permits); a lock has nothing more. */
    private final BooleanSupplier more;

    /**
     * Waits in {@code queue}, under {@code guard}: the primitive's own. {@code more} says whether anything is still
     * free after a woken waiter took its share, so that the next waiter is woken for it.
     */
    public Barging(GuardLock guard, WaitList queue, BooleanSupplier more) {
        this.guard = guard;
        this.queue = queue;
        this.more = more;
    }

    /**
     * Queues the caller and waits until {@code take} (called under the guard, after queueing) succeeds.
     *
     * @return {@link Waiter#GRANTED}, or the {@link Parking} outcome that ended the wait (the caller then holds
     *     nothing)
     */
    public int await(BooleanSupplier take, Object blocker, boolean interruptible, boolean timed, long deadline) {
        Waiter w = new Waiter(Thread.currentThread());
        boolean woke = false;
        for (;;) {
            guard.lock();
            try {
                w.status = Waiter.WAITING;
                if (woke) {
                    queue.addFirst(w);
                } else {
                    queue.addSpinning(w, null);
                }
                waiting = waiting + 1;
                if (take.getAsBoolean()) {
                    queue.remove(w);
                    waiting = waiting - 1;
                    w = null;
                }
            } finally {
                guard.unlock();
            }
            if (w == null) {
                if (woke && more.getAsBoolean()) {
                    released(); // several releases may have come while one waiter was woken: wake for the rest
                }
                return Waiter.GRANTED;
            }
            int r = Parking.await(w, Waiter.WAITING, blocker, interruptible, timed, deadline);
            if (r == Waiter.RETRY) {
                woke = true;
                woken = false; // competing now: the next release may wake the next waiter
                continue;
            }
            boolean left;
            guard.lock();
            try {
                left = queue.cancel(w);
                if (left) {
                    waiting = waiting - 1;
                }
            } finally {
                guard.unlock();
            }
            if (!left) {
                woken = false;
                released(); // woken as it gave up: the wake-up belongs to the next waiter
            }
            return r;
        }
    }

    /** After the resource went back to the primitive: wakes the longest waiter, if any, to compete for it. */
    public void released() {
        if (waiting == 0 || woken) {
            return;
        }
        Waiter next;
        guard.lock();
        try {
            if (woken) {
                return;
            }
            next = queue.poll();
            if (next != null) {
                waiting = waiting - 1;
                woken = true;
                next.status = Waiter.RETRY;
            }
        } finally {
            guard.unlock();
        }
        if (next != null) {
            next.wake();
        }
    }
}
