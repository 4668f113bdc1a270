package dev.lockstep.task;

import dev.lockstep.internal.Durations;
import dev.lockstep.internal.Parking;
import dev.lockstep.internal.WaitList;
import dev.lockstep.internal.hook.Hooks;
import dev.lockstep.internal.hook.Op;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A task spawned in a {@link TaskGroup}: a named virtual thread running one {@link java.util.concurrent.Callable},
 * whose outcome can be joined. asyncio's {@code Task}.
 *
 * {@snippet :
 * try (TaskGroup group = TaskGroup.open()) {
 *     Task<Integer> a = group.spawn("fetch-a", () -> fetch("a"));
 *     Task<Integer> b = group.spawn("fetch-b", () -> fetch("b"));
 *     total = a.join() + b.join();
 * }
 * }
 *
 * <p><b>Cancellation.</b> {@link #cancel()} interrupts the task's thread; a task that then ends by throwing {@link
 * InterruptedException} (or {@link CancellationException}) is <em>cancelled</em>: {@link #join()} throws {@link
 * CancellationException} and its group does not count it as a failure. A task that catches the interrupt and returns
 * normally is not cancelled, as in asyncio, where cancellation is a request.
 *
 * <p><b>Interruption.</b> {@link #join()} waits until the task ends; if the joining thread is interrupted first it
 * throws {@link InterruptedException} (the task goes on). It throws at once if interrupted on entry.
 *
 * <p><b>Memory consistency effects:</b> actions of the task happen-before the return of a {@code join()} that observes
 * its end.
 *
 * @param <T> the type of the result
 */
public final class Task<T> {
    static final int RUNNING = 0, SUCCEEDED = 1, FAILED = 2, CANCELLED = 3;

    private final TaskGroup group;
    private final String name;
    private final java.util.concurrent.Callable<T> body;
    /** The thread, set before the task is visible to anyone else. */
    final Thread thread;
    /** RUNNING until the task ends; written under the group's guard. */
    volatile int state;
    /** Set by cancel() or by the group; decides whether an InterruptedException ending means "cancelled". */
    volatile boolean cancelRequested;
    /** Outcome; published by the write of state. */
    T value;
    Throwable failure;
    /** Threads in join(); guarded by the group's guard. */
    final WaitList joiners = new WaitList();

    Task(TaskGroup group, String name, java.util.concurrent.Callable<T> body) {
        this.group = group;
        this.name = name;
        this.body = body;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
        Hooks.creator(this);
    }

    private void run() {
        T v = null;
        Throwable f = null;
        try {
            v = body.call();
        } catch (Throwable e) {
            f = e;
        }
        group.finished(this, v, f);
    }

    /**
     * Waits until the task ends and returns its result.
     *
     * @throws ExecutionException if the task failed; the cause is what it threw
     * @throws CancellationException if the task was cancelled
     * @throws InterruptedException if the joining thread is interrupted on entry or while waiting
     */
    public T join() throws InterruptedException, ExecutionException {
        Parking.checkInterrupt(this);
        Hooks.point(null, this, Op.JOIN);
        group.awaitEnd(this, false, 0L);
        return outcome();
    }

    /**
     * Waits at most {@code timeout} for the task to end and returns its result.
     *
     * @throws TimeoutException if the timeout passed first (the task goes on)
     * @throws ExecutionException if the task failed
     * @throws CancellationException if the task was cancelled
     */
    public T join(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(timeout, () -> "Task \"" + name + "\": join timeout must not be null");
        Parking.checkInterrupt(this);
        Hooks.point(null, this, Op.JOIN);
        if (!group.awaitEnd(this, true, Durations.saturatedNanos(timeout))) {
            throw new TimeoutException("task \"" + name + "\" still running after " + timeout);
        }
        return outcome();
    }

    /**
     * Requests cancellation by interrupting the task's thread.
     *
     * @return false if the task had already ended
     */
    public boolean cancel() {
        Hooks.point(null, this, Op.CANCEL);
        if (state != RUNNING) {
            return false;
        }
        cancelRequested = true;
        thread.interrupt();
        return true;
    }

    /** Whether the task has ended, by returning, failing or being cancelled. */
    public boolean isDone() {
        return state != RUNNING;
    }

    /** Whether the task ended cancelled. */
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    /** The task's name, which is also its thread's name in thread dumps and explorer traces. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        String s = switch (state) {
            case RUNNING -> "running";
            case SUCCEEDED -> "done";
            case FAILED -> "failed: " + failure;
            default -> "cancelled";
        };
        return "Task \"" + name + "\" [" + s + "]";
    }

    private T outcome() throws ExecutionException {
        return switch (state) {
            case SUCCEEDED -> value;
            case FAILED -> throw new ExecutionException("task \"" + name + "\" failed", failure);
            case CANCELLED -> throw new CancellationException("task \"" + name + "\" was cancelled");
            default -> throw new IllegalStateException("task \"" + name + "\" has not ended");
        };
    }
}
