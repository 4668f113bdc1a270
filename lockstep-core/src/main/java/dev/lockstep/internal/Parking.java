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
        CancelScope scope = interruptible ? CancelScope.current() : null;
        long scopeDeadline = scope == null ? 0 : scope.earliestDeadline();
        boolean interrupted = false;
        int s;
        while ((s = w.status) == waitingStatus) {
            if (Thread.interrupted()) {
                if (interruptible) {
                    return INTERRUPTED;
                }
                interrupted = true;
                continue;
            }
            if (!timed && scope == null) {
                LockSupport.park(blocker);
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
            Hooks.parkNanos(blocker, nanos);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return s;
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
     * Fails at once if the caller is interrupted or its enclosing Timeout has expired, as a blocking call must before
     * it waits. Clears the interrupt status it reports.
     */
    public static void checkInterrupt(Object blocker) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before waiting on " + blocker);
        }
        CancelScope scope = CancelScope.current();
        if (scope != null && Hooks.nanoTime() - scope.earliestDeadline() >= 0) {
            throw CancelScope.cancellation(blocker);
        }
    }

    /** Whether a thread parked on {@code blocker} is in one of Lockstep's own waits, which honour Timeouts by themselves. */
    public static boolean isLockstepWait(Object blocker) {
        if (blocker == null) {
            return false;
        }
        String pkg = blocker.getClass().getPackageName();
        return pkg.equals("dev.lockstep.sync") || pkg.equals("dev.lockstep.task");
    }
}
