package dev.lockstep.explore.internal;

import dev.lockstep.explore.Failure;
import dev.lockstep.internal.Holders;
import dev.lockstep.internal.WaitFor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * How one run failed, if it did: the first verdict wins. Judges assertions and exceptions of tasks, invariants after
 * every step, deadlocks (with the wait-for picture), the step limit and tasks left running.
 */
final class Verdicts {
    private final Labels labels;
    private final ArrayList<String> invariantNames = new ArrayList<>();
    private final ArrayList<BooleanSupplier> invariants = new ArrayList<>();
    private Failure.Kind kind;
    private String message;
    private Throwable cause;
    /** The task whose exception failed the run, or -1: its trace shows the failure instead of an end. */
    private int failedTask = -1;

    Verdicts(Labels labels) {
        this.labels = labels;
    }

    boolean failed() {
        return kind != null;
    }

    Failure.Kind kind() {
        return kind;
    }

    String message() {
        return message;
    }

    Throwable cause() {
        return cause;
    }

    int failedTask() {
        return failedTask;
    }

    /** Records a verdict unless one was reached before. */
    void fail(Failure.Kind k, String text, Throwable e) {
        if (kind == null) {
            kind = k;
            message = text;
            cause = e;
        }
    }

    /** An assertion or exception escaped task {@code t}. */
    void taskFailed(TaskState t, Throwable e, Narrator narrator) {
        if (!failed()) {
            narrator.failed(t.id, "fails: " + firstLine(e));
            failedTask = t.id;
        }
        fail(e instanceof AssertionError ? Failure.Kind.ASSERTION : Failure.Kind.EXCEPTION, t.name + ": " + firstLine(e),
                e);
    }

    void stepLimit(int maxSteps) {
        fail(Failure.Kind.STEP_LIMIT, "the run exceeded its limit of " + maxSteps
                + " steps: a livelock, or a scenario longer than the limit (raise maxSteps)", null);
    }

    void addInvariant(String name, BooleanSupplier condition) {
        invariantNames.add(name);
        invariants.add(condition);
    }

    /** Checks every invariant after step {@code steps}, which task {@code lastTask} took; on the carrier. */
    void checkInvariants(int steps, int lastTask, Narrator narrator) {
        for (int i = 0; i < invariants.size(); i++) {
            boolean holds;
            Throwable error = null;
            try {
                holds = invariants.get(i).getAsBoolean();
            } catch (Throwable e) {
                holds = false;
                error = e;
            }
            if (!holds) {
                String text = "invariant violated after step " + steps + ": " + invariantNames.get(i)
                        + (error == null ? "" : " (" + firstLine(error) + ")");
                narrator.failed(lastTask, text);
                fail(Failure.Kind.ASSERTION, text, new AssertionError(text, error));
                return;
            }
        }
    }

    /** Every task is blocked and nothing can wake them: the wait-for picture, with its cycle if there is one. */
    void deadlock(List<TaskState> tasks, Holders holders) {
        List<Thread> live = new ArrayList<>();
        Map<Thread, String> names = new LinkedHashMap<>();
        for (TaskState t : tasks) {
            names.put(t.thread, t.name + (t.state == TaskState.DONE ? " (ended)" : ""));
            if (t.state != TaskState.DONE) {
                live.add(t.thread);
            }
        }
        WaitFor waitFor = new WaitFor(live, holders.asMap(), names::get,
                o -> o instanceof NotifyOn n ? "notify on " + labels.ofObject(n.monitor()) : labels.of(o),
                thread -> blockerOf(tasks, thread));
        List<String> cycle = waitFor.cycle();
        String headline = cycle != null
                ? "deadlock: " + String.join(" -> ", cycle)
                : "deadlock: every task is blocked, no timer is pending, and nothing can wake them";
        fail(Failure.Kind.DEADLOCK, waitFor.picture(headline).stripTrailing(), null);
    }

    /** What a task of the run waits for: the monitor of its Object.wait, the JDK lock it called, or its blocker. */
    private static Object blockerOf(List<TaskState> tasks, Thread thread) {
        for (TaskState t : tasks) {
            if (t.thread == thread) {
                if (t.waitingOn != null) {
                    return new NotifyOn(t.waitingOn);
                }
                if (t.wants != null) {
                    return t.wants;
                }
                break;
            }
        }
        return java.util.concurrent.locks.LockSupport.getBlocker(thread);
    }

    /** A task in Object.wait waits for a notify, not for the monitor (which nobody may hold). */
    private record NotifyOn(Object monitor) {}

    /** The scenario returned: tasks still running are a leak. */
    void checkLeaks(List<TaskState> tasks) {
        StringBuilder sb = new StringBuilder();
        for (TaskState t : tasks) {
            // An adopted platform thread may outlive the scenario, as a JVM's would: an executor's idle worker.
            if (t.state != TaskState.DONE && t.adopted == null) {
                sb.append(sb.length() == 0 ? "" : "; ").append(t.name).append(' ')
                        .append(t.state == TaskState.RUNNABLE ? "is ready to run"
                                : WaitFor.describe(t.thread, labels::of));
            }
        }
        if (sb.length() > 0) {
            fail(Failure.Kind.LEAKED_TASK, "the scenario returned while tasks were still running: " + sb
                    + " (join every task you start, e.g. with a TaskGroup)", null);
        }
    }

    static String firstLine(Throwable e) {
        String s = e.toString();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
