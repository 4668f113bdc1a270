package dev.lockstep.internal;

import dev.lockstep.internal.hook.Hooks;
import java.util.concurrent.locks.LockSupport;

/**
 * The one wait loop that every Lockstep primitive parks in. It returns when the primitive changes the waiter's status,
 * or when the wait must end for a reason of the waiter's own: an interrupt, its timeout, or an enclosing
 * {@code Timeout}. In those cases the waiter may still have been served concurrently, so the caller takes its guard
 * and looks again: if the waiter is still queued it leaves (cancels); if it was served, the service wins and nothing
 * is lost.
 */
public final class Parking {
    /** Interrupted while still waiting (interrupt status cleared: rethrow, or re-assert if served meanwhile). */
    public static final int INTERRUPTED = -1;
    /** The wait's own timeout passed while still waiting. */
    public static final int TIMED_OUT = -2;
    /** An enclosing {@code Timeout} expired while still waiting. */
    public static final int SCOPE_EXPIRED = -3;

    private Parking() {}

    /**
     * Parks while {@code w.status == waitingStatus}.
     *
     * @param interruptible whether an interrupt (or an enclosing Timeout) ends the wait; if not, an interrupt is
     *     remembered and re-asserted on return
     * @param timed whether {@code deadline} applies
     * @param deadline in the thread's clock ({@link Hooks#nanoTime()})
     * @return the new status, or {@link #INTERRUPTED}, {@link #TIMED_OUT}, {@link #SCOPE_EXPIRED}
     */
    public static int await(Waiter w, int waitingStatus, Object blocker, boolean interruptible, boolean timed,
            long deadline) {
        if (!timed && !(interruptible && CancelScope.CURRENT.isBound())) {
            return awaitUntimed(w, waitingStatus, blocker, interruptible);
        }
        CancelScope scope = interruptible ? CancelScope.current() : null;
        long scopeDeadline = scope == null ? 0 : scope.earliestDeadline();
        boolean interrupted = false;
        int spins = spinBudget(w, waitingStatus);
        int s;
        while ((s = w.status) == waitingStatus) {
            if (Thread.interrupted()) {
                if (interruptible) {
                    return INTERRUPTED;
                }
                interrupted = true;
                continue;
            }
            if (spins > 0) {
                spins--;
                Thread.onSpinWait();
                continue;
            }
            long now = Hooks.nanoTime();
            long nanos = Long.MAX_VALUE;
            if (scope != null) {
                nanos = scopeDeadline - now;
                if (nanos <= 0) {
                    return SCOPE_EXPIRED;
                }
            }
            if (timed) {
                long remaining = deadline - now;
                if (remaining <= 0) {
                    return TIMED_OUT;
                }
                nanos = Math.min(nanos, remaining);
            }
            w.spunOut();
            w.parked = true;
            if (w.status != waitingStatus) {
                continue;
            }
            if (nanos == Long.MAX_VALUE) {
                LockSupport.park(blocker);
            } else {
                Hooks.parkNanos(blocker, nanos);
            }
            spins = spinBudget(w, waitingStatus); // non-zero only if woken ahead of its turn
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return s;
    }

    /**
     * The common case, kept in a small frame because a parked virtual thread keeps its frames on the heap: no
     * timeout and no enclosing Timeout.
     */
    private static int awaitUntimed(Waiter w, int waitingStatus, Object blocker, boolean interruptible) {
        boolean interrupted = false;
        int spins = spinBudget(w, waitingStatus);
        int s;
        while ((s = w.status) == waitingStatus) {
            if (Thread.interrupted()) {
                if (interruptible) {
                    return INTERRUPTED;
                }
                interrupted = true;
            } else if (spins > 0) {
                spins--;
                Thread.onSpinWait();
            } else if (w.ahead == Waiter.YIELD_FIRST) {
                w.ahead = Waiter.AHEAD_NONE;
                Thread.yield();
            } else {
                w.spunOut();
                w.parked = true;
                if (w.status == waitingStatus) {
                    LockSupport.park(blocker);
                    spins = spinBudget(w, waitingStatus); // non-zero only if woken ahead of its turn
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return s;
    }

    /**
     * Spins before the first park, to be there when a hand-off comes within microseconds (as AQS retries do). A
     * platform thread spins longer: waking it from a park is a system call and a trip through the OS scheduler on both
     * sides, and with two threads passing a Mutex back and forth 256 spins (a few microseconds) ran 2-4x faster than
     * 64 in paired rounds (10.4M against 4.5M operations per second, median of 16).
     */
    private static final int PLATFORM_SPINS = 256;
    private static final int VIRTUAL_SPINS = 64;

    private static int spinBudget(Waiter w, int waitingStatus) {
        if (!w.spin || waitingStatus != Waiter.WAITING) {
            return 0;
        }
        w.spin = false;
        if (!w.parallel) {
            return 0;
        }
        w.parked = false; // awake and watching the status: a releaser need not unpark it
        return w.thread.isVirtual() ? VIRTUAL_SPINS : PLATFORM_SPINS;
    }

    /** The deadline {@code nanos} from now in the calling thread's clock, saturated so it never wraps. */
    public static long deadline(long nanos) {
        long now = Hooks.nanoTime();
        long d = now + nanos;
        return (nanos > 0 && d - now < 0) ? now + Long.MAX_VALUE : d;
    }

    /** The exception for an {@link #INTERRUPTED} or {@link #SCOPE_EXPIRED} outcome. */
    public static InterruptedException interruption(int outcome, Object blocker) {
        if (outcome == SCOPE_EXPIRED) {
            return CancelScope.cancellation(blocker);
        }
        return new InterruptedException("interrupted while waiting on " + blocker);
    }

    /**
     * Fails at once if the caller is interrupted, as a blocking call must before it even tries (clearing the status
     * it reports). An expired Timeout is checked only where the call would actually wait, as in asyncio, where an
     * await that does not suspend is not a cancellation point.
     */
    public static void checkInterrupt(Object blocker) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before waiting on " + blocker);
        }
    }
}
