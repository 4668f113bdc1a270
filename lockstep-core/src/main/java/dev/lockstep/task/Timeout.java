package dev.lockstep.task;

import dev.lockstep.internal.Blockers;
import dev.lockstep.internal.CancelScope;
import dev.lockstep.internal.Carriers;
import dev.lockstep.internal.Durations;
import dev.lockstep.internal.Parking;
import dev.lockstep.internal.hook.Hooks;
import dev.lockstep.internal.hook.Probe;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds a block of code by a deadline, asyncio's {@code timeout()}: when the time is up, the blocking call the block
 * is in is cancelled, the block unwinds, and the caller gets a {@link TimeoutException}.
 *
 * {@snippet :
 * String reply = Timeout.call(Duration.ofSeconds(2), () -> {
 *     try (Guard permit = api.permit()) {      // waiting here counts against the 2 seconds
 *         return client.fetch();
 *     }
 * });                                          // TimeoutException if 2 seconds pass first
 * }
 *
 * <p><b>How the block is cancelled.</b> Lockstep's own waits (every primitive's interruptible wait, {@link
 * Clock#sleep}, {@link Task#join}) see the deadline themselves and throw {@link TimeoutCancellationException}, an
 * {@link InterruptedException} that does not touch the thread's interrupt status. Any other blocking call (a JDK lock,
 * {@code Thread.sleep}, I/O) is interrupted when the deadline passes; the interrupt is then consumed and reported as the
 * timeout.
 *
 * <p><b>Outer interrupts are never swallowed</b> (the lesson of CPython's gh-102780 and gh-116720). If the thread is
 * interrupted from outside, the block ends with {@link InterruptedException}, not a timeout, even if the deadline has
 * passed too; and if an outer interrupt arrives after the block ended, the interrupt status stays set. One limit of
 * Java remains: the interrupt status is a single bit, so an outer interrupt that lands in the very instant the deadline
 * interrupts a non-Lockstep blocking call cannot be told apart from it. Lockstep's own waits do not have this limit.
 *
 * <p><b>Nesting.</b> Timeouts nest; an expiry is reported by the timeout whose deadline passed first (the outermost on
 * a tie), and inner ones let it through. Under the explorer the deadline is in virtual time.
 */
public final class Timeout {
    private Timeout() {}

    /** A block bounded by a timeout, returning a value. */
    @FunctionalInterface
    public interface Body<T, X extends Exception> {
        T call() throws X, InterruptedException;
    }

    /** A block bounded by a timeout, returning nothing. */
    @FunctionalInterface
    public interface VoidBody<X extends Exception> {
        void run() throws X, InterruptedException;
    }

    /**
     * Runs {@code body}, cancelling it if it is still running after {@code timeout}.
     *
     * @param timeout the time allowed; zero or negative is already expired (a Lockstep call in the body that would
     *     wait fails at once)
     * @return what the body returned
     * @throws TimeoutException if the time ran out (the body was cancelled, or ended by that cancellation)
     * @throws InterruptedException if the thread was interrupted from outside
     * @throws X whatever else the body throws
     */
    public static <T, X extends Exception> T call(Duration timeout, Body<T, X> body)
            throws X, InterruptedException, TimeoutException {
        Objects.requireNonNull(timeout, "Timeout: timeout must not be null");
        Objects.requireNonNull(body, "Timeout: body must not be null");
        Thread me = Thread.currentThread();
        long nanos = Durations.saturatedNanos(timeout);
        CancelScope scope = new CancelScope(CancelScope.current(), me, Parking.deadline(nanos));
        Interrupter interrupter = new Interrupter(scope);
        interrupter.arm();
        boolean interruptSeen = false;
        try {
            return ScopedValue.where(CancelScope.CURRENT, scope).call(body::call);
        } catch (TimeoutCancellationException e) {
            if (scope.expiredAt(Hooks.nanoTime()) && scope.ownsExpiry()) {
                throw expired(timeout, e);
            }
            throw e;
        } catch (InterruptedException e) {
            interruptSeen = true;
            // Ours only if our deadline interrupted the body and no interrupt from outside came before or after.
            if (interrupter.firedAlone() && !me.isInterrupted() && scope.ownsExpiry()) {
                throw expired(timeout, e);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw Timeout.<X>sneaky(e); // the body's own X
        } finally {
            interrupter.disarm(!interruptSeen);
        }
    }

    /** Runs {@code body}, cancelling it if it is still running after {@code timeout}; see {@link #call}. */
    public static <X extends Exception> void run(Duration timeout, VoidBody<X> body)
            throws X, InterruptedException, TimeoutException {
        Objects.requireNonNull(body, "Timeout: body must not be null");
        call(timeout, () -> {
            body.run();
            return null;
        });
    }

    private static TimeoutException expired(Duration timeout, Throwable cause) {
        TimeoutException e = new TimeoutException("timed out after " + timeout);
        e.initCause(cause);
        return e;
    }

    @SuppressWarnings("unchecked")
    private static <X extends Exception> X sneaky(Exception e) throws X {
        throw (X) e;
    }

    /**
     * Interrupts the owner when the deadline passes while it is blocked outside Lockstep's own waits (those see the
     * deadline themselves). While the owner runs, it looks again a millisecond later; once the block is left, never.
     */
    private static final class Interrupter implements Runnable {
        private final CancelScope scope;
        private final Probe probe = Hooks.probe();
        /** Guarded by this: whether the block is still running, whether we interrupted, and whether someone else had. */
        private boolean open = true;
        private boolean fired;
        private boolean outerInterrupt;
        private volatile Object timer;

        Interrupter(CancelScope scope) {
            this.scope = scope;
        }

        void arm() {
            schedule(scope.deadline());
        }

        /** Whether our deadline interrupted the owner, and the owner was not already interrupted by someone else. */
        synchronized boolean firedAlone() {
            return fired && !outerInterrupt;
        }

        /** The block is over. If our interrupt may still be pending (the body never threw for it), consume it. */
        void disarm(boolean consumePending) {
            boolean ours;
            synchronized (this) {
                open = false;
                ours = fired && !outerInterrupt && consumePending;
            }
            Object t = timer;
            if (t instanceof ScheduledFuture<?> f) {
                f.cancel(false);
            } else if (t instanceof Runnable cancel) {
                cancel.run();
            }
            if (ours) {
                Thread.interrupted();
            }
        }

        private void schedule(long deadline) {
            if (probe != null) {
                Runnable cancel = probe.schedule(deadline, this);
                if (cancel != null) {
                    timer = cancel;
                    return;
                }
            }
            long delay = Math.max(0L, deadline - System.nanoTime());
            timer = TIMERS.schedule(this, delay, TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            Thread owner = scope.owner();
            Thread.State s = owner.getState();
            boolean blocked = s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING
                    || s == Thread.State.BLOCKED;
            synchronized (this) {
                if (!open) {
                    return;
                }
                if (blocked && !Blockers.isLockstepWait(java.util.concurrent.locks.LockSupport.getBlocker(owner))) {
                    outerInterrupt = owner.isInterrupted();
                    fired = true;
                    owner.interrupt();
                    return;
                }
            }
            if (s != Thread.State.TERMINATED && probe == null) {
                timer = TIMERS.schedule(this, 1, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** One daemon thread for every real-time deadline in the JVM; each wake-up is a few field reads. */
    private static final ScheduledThreadPoolExecutor TIMERS =
            new ScheduledThreadPoolExecutor(1, r -> Carriers.newThread("lockstep-timeouts", true, r));

    static {
        TIMERS.setRemoveOnCancelPolicy(true);
    }
}
