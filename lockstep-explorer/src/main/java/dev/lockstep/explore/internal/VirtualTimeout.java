package dev.lockstep.explore.internal;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A JDK timed wake-up (a timed park's unpark, an {@code Object.wait} timeout) scheduled on a run's virtual clock
 * instead of a timer thread: what {@link Engine#schedule} hands the JDK, which cancels it when the thread is woken
 * before its time.
 */
final class VirtualTimeout implements ScheduledFuture<Object> {
    private final VirtualClock clock;
    private final long deadline;
    private final Runnable cancel;
    private boolean cancelled;

    VirtualTimeout(VirtualClock clock, long deadline, Runnable cancel) {
        this.clock = clock;
        this.deadline = deadline;
        this.cancel = cancel;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (cancelled || isDone()) {
            return false;
        }
        cancelled = true;
        cancel.run();
        return true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean isDone() {
        return cancelled || clock.now() - deadline >= 0;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(deadline - clock.now(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public Object get() {
        throw new UnsupportedOperationException("a virtual timeout has no result");
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
        throw new UnsupportedOperationException("a virtual timeout has no result");
    }
}
