package dev.lockstep.internal;

/**
 * One thread waiting in a primitive's queue. The primitive changes {@link #status} under its guard; the waiter reads it
 * without the guard, so the volatile write is what publishes the primitive's state (and an {@link ItemWaiter}'s item)
 * to the waiter.
 *
 * <p>32 bytes with compressed pointers, as small as an AQS node: a parked virtual thread is mostly its stack, and the
 * waiter is the one part of it the primitive chooses. What only queues and barriers need lives in {@link ItemWaiter}.
 */
public sealed class Waiter permits ItemWaiter {
    /** In the primitive's queue, not yet served. */
    public static final int WAITING = 0;
    /** Served: it holds what it waited for (a lock, a permit, an item, a barrier trip, a join). */
    public static final int GRANTED = 1;
    /** Left the queue after an interrupt or a timeout; nothing was handed to it. */
    public static final int CANCELLED = 2;
    /** The barrier broke (reset or abort) while it waited. */
    public static final int BROKEN = 3;
    /** The queue shut down while it waited. */
    public static final int SHUT_DOWN = 4;
    /** In a condition's queue, waiting for a signal (not yet for the mutex). */
    public static final int CONDITION = 5;
    /**
     * Woken by an unfair primitive's release, out of the queue and without being handed anything: it competes again
     * for what was released, with threads just arriving (barging).
     */
    public static final int RETRY = 6;

    /** The thread to unpark. */
    public final Thread thread;
    /** One of the constants above; written under the primitive's guard. */
    public volatile int status;
    /**
     * Set by the waiter just before it parks. A releaser that changed {@link #status} unparks only a waiter that has
     * set it: both fields are volatile, so of "waiter sets parked, then reads status" and "releaser sets status, then
     * reads parked", at least one sees the other's write, and no wake-up is lost. A waiter still spinning is not
     * unparked for nothing.
     */
    public volatile boolean parked;
    /**
     * Whether it may spin before parking: it queued at the head (the next in line, as AQS's first waiter), and, for a
     * virtual thread, the thread it waits for is running now (see {@link WaitList#addSpinning(Waiter, Thread)}); or it
     * was woken ahead of its turn ({@link #wakeAhead()}). Cleared when the spin starts.
     */
    volatile boolean spin;
    /** Whether its thread runs in parallel with others: a platform thread, or a virtual thread on several carriers. */
    boolean parallel;
    /**
     * How a wake-ahead went ({@link #AHEAD_NONE}, {@link #AHEAD_WOKEN}, {@link #AHEAD_SPUN_OUT}), or
     * {@link #YIELD_FIRST}: a virtual thread first in line whose holder is not running yields once before parking, so
     * that a holder waiting for this carrier runs first and, if it hands over at once, finds this waiter not parked and
     * need not unpark it (an unpark costs a submission, and often a wake-up of an idle carrier). One byte, as
     * {@link #parallel} is, so that the four flags fit in the 4 bytes the object header leaves.
     */
    volatile byte ahead;
    static final byte AHEAD_NONE = 0, AHEAD_WOKEN = 1, AHEAD_SPUN_OUT = 2, YIELD_FIRST = 3;
    /** Queue links, guarded by the primitive's guard. */
    Waiter prev, next;

    public Waiter(Thread thread) {
        this.thread = thread;
    }

    /** Wakes the waiter if it has parked (see {@link #parked}); call after changing its status. */
    public void wake() {
        if (parked) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }
    }

    /**
     * Lets the next waiter in line spin for its turn: called when the waiter ahead of it is served, so that its
     * wake-up runs while that one holds the resource, not after it releases. Does nothing where threads do not run in
     * parallel (a Loop, the explorer), since a spinning waiter there would only delay the holder.
     */
    public void wakeAhead() {
        if (parallel && parked && status == Waiter.WAITING) {
            ahead = AHEAD_WOKEN;
            spin = true;
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }
    }

    /** Called by the waiter as it parks: a spin that followed a wake-ahead ran out before its turn came. */
    void spunOut() {
        if (ahead == AHEAD_WOKEN) {
            ahead = AHEAD_SPUN_OUT;
        }
    }

    public Waiter(Thread thread, int status) {
        this.thread = thread;
        this.status = status;
    }
}
