package dev.lockstep.explore.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The tasks of one run: by id (0 is the scenario's own thread, the rest in order of creation) and by the continuation
 * the JDK hands the scheduler for each. Touched only by the run's carrier and its running task, never at once.
 */
final class Tasks {
    private final ArrayList<TaskState> list = new ArrayList<>(8);
    private final IdentityHashMap<Runnable, TaskState> byCont = new IdentityHashMap<>(8);
    /** The ids of the runnable tasks, as the last call to {@link #enabled} left them. */
    private int[] enabled = new int[8];

    /** Every task, by id. */
    List<TaskState> all() {
        return list;
    }

    TaskState get(int id) {
        return list.get(id);
    }

    /** The task {@code continuation} resumes, or null if it is not one of ours yet. */
    TaskState of(Runnable continuation) {
        return byCont.get(continuation);
    }

    /** A new task for {@code thread}, whose first continuation is {@code continuation}. */
    TaskState add(Runnable continuation, Thread thread) {
        int id = list.size();
        String name = thread.getName();
        TaskState t = new TaskState(id, thread, name == null || name.isEmpty() ? "task-" + id : name);
        list.add(t);
        byCont.put(continuation, t);
        return t;
    }

    /** The task whose thread is {@code thread}, or that stands in for it, or null. */
    TaskState of(Thread thread) {
        for (TaskState t : list) {
            if (t.thread == thread || t.adopted == thread) {
                return t;
            }
        }
        return null;
    }

    /** Whether any task has not ended. */
    boolean anyLive() {
        for (TaskState t : list) {
            if (t.state != TaskState.DONE) {
                return true;
            }
        }
        return false;
    }

    /** The first runnable task, or null. */
    TaskState firstRunnable() {
        for (TaskState t : list) {
            if (t.state == TaskState.RUNNABLE) {
                return t;
            }
        }
        return null;
    }

    /**
     * Collects the ids of the runnable tasks, and of {@code running} (a task at a scheduling point), increasing, into
     * {@link #enabledIds()}, leaving out those that spin at {@code switches} if any other can run; returns how many.
     */
    int enabled(TaskState running, long switches) {
        // Fair scheduling of yields: a task that spins is left out while any other task can run.
        boolean others = false;
        for (TaskState x : list) {
            if ((x.state == TaskState.RUNNABLE || x == running) && x.spinningAt != switches) {
                others = true;
                break;
            }
        }
        int n = 0;
        for (TaskState x : list) {
            if ((x.state == TaskState.RUNNABLE || x == running) && (!others || x.spinningAt != switches)) {
                if (n == enabled.length) {
                    enabled = Arrays.copyOf(enabled, n * 2);
                }
                enabled[n++] = x.id;
            }
        }
        return n;
    }

    int[] enabledIds() {
        return enabled;
    }
}
