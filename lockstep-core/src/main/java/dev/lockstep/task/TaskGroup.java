package dev.lockstep.task;

import dev.lockstep.internal.GuardLock;
import dev.lockstep.internal.Parking;
import dev.lockstep.internal.WaitList;
import dev.lockstep.internal.Waiter;
import dev.lockstep.internal.hook.Hooks;
import dev.lockstep.internal.hook.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * A scope for tasks, with asyncio's {@code TaskGroup} semantics: tasks spawned in it are virtual threads that
 * {@link #close()} waits for; the first task to fail cancels the others; and close then throws one {@link
 * TaskGroupException} carrying every failure. No task outlives the block that opened the group.
 *
 * {@snippet :
 * try (TaskGroup group = TaskGroup.open()) {
 *     for (String url : urls) {
 *         group.spawn("fetch " + url, () -> fetch(url));
 *     }
 * }   // every fetch has ended here; if one failed, the others were cancelled and this throws
 * }
 *
 * <p><b>Scheduling.</b> Each task is a virtual thread named after the task. Spawned from a thread of a {@link Loop} or
 * of the explorer, it runs on that loop or under that explorer; spawned from a platform thread, it runs on the JDK's
 * default scheduler.
 *
 * <p><b>Failure and cancellation.</b> A task fails when its body throws, unless it was cancelled and threw {@link
 * InterruptedException} or {@link CancellationException}. The first failure cancels every other task of the group (by
 * interrupting it) and stops the group from accepting new tasks. Interrupting the owner while it waits in {@code
 * close()} cancels every task too; close then waits for them, restores the interrupt status and throws a
 * {@code TaskGroupException} whose {@link TaskGroupException#cancelled()} is true. Inside a {@link Timeout} that
 * expires, close cancels the tasks and lets the timeout's cancellation through, so {@code Timeout.call} reports a
 * {@link java.util.concurrent.TimeoutException}.
 *
 * <p><b>Ownership.</b> The thread that opened the group owns it and is the only one that may close it; any thread,
 * including the group's own tasks, may spawn into it until it is closed.
 *
 * <p><b>Memory consistency effects:</b> actions before {@code spawn} happen-before the task's body; actions of every
 * task happen-before the return (or throw) of {@code close()}.
 */
public final class TaskGroup implements AutoCloseable {

    /*
     * Overview
     *
     * running counts tasks that have not ended; close() waits until it is zero. States, all under the guard:
     *
     *   OPEN --first failure--> ABORTING (no new tasks; others interrupted) --running == 0, close()--> CLOSED
     *   OPEN --running == 0, close()--> CLOSED
     */

    private final Thread owner;
    private final GuardLock guard = new GuardLock();
    private final List<Task<?>> tasks = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    /** The owner waiting in close(). */
    private final WaitList closers = new WaitList();
    private int running;
    private int spawned;
    private boolean aborting;
    private boolean closed;

    private TaskGroup(Thread owner) {
        this.owner = owner;
        Hooks.creator(this);
    }

    /** Opens a group owned by the calling thread. */
    public static TaskGroup open() {
        return new TaskGroup(Thread.currentThread());
    }

    /** Spawns a task named {@code task-N} (N counts this group's tasks from 1). */
    public <T> Task<T> spawn(Callable<T> body) {
        Objects.requireNonNull(body, "TaskGroup: spawn body must not be null");
        String name;
        guard.lock();
        try {
            name = "task-" + (spawned + 1);
        } finally {
            guard.unlock();
        }
        return spawn(name, body);
    }

    /**
     * Spawns a task: starts a virtual thread named {@code name} that runs {@code body}.
     *
     * @throws IllegalStateException if the group is closed, or is shutting down after a failure or cancellation
     */
    public <T> Task<T> spawn(String name, Callable<T> body) {
        Objects.requireNonNull(name, "TaskGroup: spawn name must not be null");
        Objects.requireNonNull(body, "TaskGroup: spawn body must not be null");
        Task<T> task = new Task<>(this, name, body);
        guard.lock();
        try {
            if (closed) {
                throw new IllegalStateException("TaskGroup: spawn(\"" + name + "\") after close()");
            }
            if (aborting) {
                throw new IllegalStateException("TaskGroup: spawn(\"" + name
                        + "\") while the group shuts down after a failure or cancellation");
            }
            running++;
            spawned++;
            tasks.add(task);
        } finally {
            guard.unlock();
        }
        try {
            task.thread.start();
        } catch (RuntimeException | Error e) {
            finished(task, null, e);
            throw e;
        }
        Hooks.point(null, this, Op.SPAWN);
        return task;
    }

    /** Cancels every running task of the group and stops it from accepting new ones. */
    public void cancel() {
        Hooks.point(null, this, Op.CANCEL);
        cancelAll();
    }

    /** The tasks spawned so far, in spawn order. */
    public List<Task<?>> tasks() {
        guard.lock();
        try {
            return List.copyOf(tasks);
        } finally {
            guard.unlock();
        }
    }

    /**
     * Waits for every task to end, then throws if any failed.
     *
     * @throws TaskGroupException if tasks failed (first as cause, others suppressed), or if the owner was interrupted
     *     while waiting (tasks cancelled; interrupt status restored)
     * @throws IllegalStateException if called by a thread other than the owner
     */
    @Override
    public void close() {
        Thread me = Thread.currentThread();
        if (me != owner) {
            throw new IllegalStateException("TaskGroup: close() by " + me.getName() + ", but only its owner "
                    + owner.getName() + " may close it");
        }
        InterruptedException cancellation = null;
        for (;;) {
            Waiter w;
            guard.lock();
            try {
                if (closed) {
                    return;
                }
                if (running == 0) {
                    closed = true;
                    break;
                }
                w = new Waiter(me);
                closers.add(w);
            } finally {
                guard.unlock();
            }
            int r = Parking.await(w, Waiter.WAITING, this, cancellation == null, false, 0L);
            if (r < 0) {
                guard.lock();
                try {
                    closers.cancel(w); // or it was woken as the last task ended: either way, close() looks again
                } finally {
                    guard.unlock();
                }
                cancellation = Parking.interruption(r, this);
                cancelAll();
            }
        }
        List<Throwable> all;
        guard.lock();
        try {
            all = List.copyOf(failures);
        } finally {
            guard.unlock();
        }
        if (cancellation instanceof TimeoutCancellationException expired) {
            for (Throwable f : all) {
                expired.addSuppressed(f);
            }
            throw TaskGroup.<RuntimeException>sneaky(expired); // only a Timeout body can see it, and it declares it
        }
        if (cancellation != null) {
            Thread.currentThread().interrupt();
            throw new TaskGroupException("TaskGroup: owner interrupted while closing; its tasks were cancelled", all,
                    true, all.isEmpty() ? cancellation : all.get(0));
        }
        if (!all.isEmpty()) {
            throw new TaskGroupException("TaskGroup: " + all.size() + " task(s) failed; the first: " + all.get(0),
                    all, false, all.get(0));
        }
    }

    @Override
    public String toString() {
        return "TaskGroup of " + owner.getName() + " [" + running + " running, " + failures.size() + " failed"
                + (closed ? ", closed" : aborting ? ", shutting down" : "") + "]";
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Called on the task's thread when its body has ended. */
    void finished(Task<?> task, Object value, Throwable failure) {
        boolean wasCancelled = task.cancelRequested
                && (failure instanceof InterruptedException || failure instanceof CancellationException);
        Waiter joined;
        Waiter closing = null;
        List<Task<?>> toCancel = null;
        guard.lock();
        try {
            @SuppressWarnings("unchecked")
            Task<Object> t = (Task<Object>) task;
            t.value = value;
            t.failure = failure;
            t.state = failure == null ? Task.SUCCEEDED : wasCancelled ? Task.CANCELLED : Task.FAILED;
            running--;
            if (failure != null && !wasCancelled) {
                failures.add(failure);
                if (!aborting) {
                    aborting = true;
                    toCancel = runningTasksLocked();
                }
            }
            joined = task.joiners.releaseAll(Waiter.GRANTED);
            if (running == 0) {
                closing = closers.releaseAll(Waiter.GRANTED);
            }
        } finally {
            guard.unlock();
        }
        WaitList.unparkAll(joined);
        WaitList.unparkAll(closing);
        cancel(toCancel);
    }

    /** Waits until {@code task} ends; false on timeout. */
    boolean awaitEnd(Task<?> task, boolean timed, long nanos) throws InterruptedException {
        Waiter w;
        guard.lock();
        try {
            if (task.state != Task.RUNNING) {
                return true;
            }
            if (timed && nanos <= 0) {
                return false;
            }
            w = new Waiter(Thread.currentThread());
            task.joiners.add(w);
        } finally {
            guard.unlock();
        }
        int r = Parking.await(w, Waiter.WAITING, task, true, timed, timed ? Parking.deadline(nanos) : 0L);
        if (r < 0 && task.joiners.giveUp(guard, w, r, null)) {
            if (r == Parking.TIMED_OUT) {
                return false;
            }
            throw Parking.interruption(r, task);
        }
        return true;
    }

    private void cancelAll() {
        List<Task<?>> toCancel;
        guard.lock();
        try {
            aborting = true;
            toCancel = runningTasksLocked();
        } finally {
            guard.unlock();
        }
        cancel(toCancel);
    }

    private List<Task<?>> runningTasksLocked() {
        List<Task<?>> list = new ArrayList<>();
        for (Task<?> t : tasks) {
            if (t.state == Task.RUNNING) {
                list.add(t);
            }
        }
        return list;
    }

    private static void cancel(List<Task<?>> toCancel) {
        if (toCancel != null) {
            for (Task<?> t : toCancel) {
                t.cancelRequested = true;
                t.thread.interrupt();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable t) throws X {
        throw (X) t;
    }
}
