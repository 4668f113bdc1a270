package dev.lockstep.explore.internal;

import dev.lockstep.explore.Step;
import dev.lockstep.internal.Blockers;
import dev.lockstep.internal.Holders;
import dev.lockstep.internal.VThreads;
import dev.lockstep.internal.hook.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/** The narrator of a traced run: records every step, with the scenario's source line where it has one. */
final class TraceNarrator implements Narrator {
    private final List<MutableStep> steps = new ArrayList<>();
    private final List<String> tasks = new ArrayList<>();
    private final Labels labels;

    TraceNarrator(Labels labels) {
        this.labels = labels;
    }

    @Override
    public void started(TaskState parent, TaskState child) {
        while (tasks.size() <= child.id) {
            tasks.add("");
        }
        tasks.set(child.id, child.name);
        if (parent != null) {
            add(parent.id, Step.Kind.START, "starts " + child.name, "", location(), child.id);
        }
    }

    @Override
    public void op(TaskState t, Object primitive, Op op) {
        String object = labels.of(primitive);
        add(t.id, Step.Kind.OP, object.isEmpty() ? op.label() : op.label() + " " + object, object, location(), -1);
    }

    @Override
    public void yielded(TaskState t) {
        add(t.id, Step.Kind.YIELD, "yield", "", location(), -1);
    }

    @Override
    public void threadYielded(TaskState t) {
        add(t.id, Step.Kind.YIELD, "Thread.yield()", "", "", -1);
    }

    @Override
    public void preempted(int lastId, TaskState chosen) {
        add(lastId, Step.Kind.PREEMPTED, "preempted (" + chosen.name + " runs)", "", "", chosen.id);
    }

    @Override
    public void time(long now) {
        add(-1, Step.Kind.TIME, "time is now " + formatTime(now), "", "", -1);
    }

    @Override
    public void woke(TaskState waker, TaskState woken) {
        add(waker.id, Step.Kind.WAKE, "wakes " + woken.name, "", "", woken.id);
    }

    @Override
    public void acquired(TaskState t, Object primitive) {
        String object = labels.of(primitive);
        // Said on the operation's own line when the task's latest step is that operation.
        for (int i = steps.size() - 1; i >= 0; i--) {
            MutableStep s = steps.get(i);
            if (s.task == t.id) {
                if (s.kind == Step.Kind.OP && s.object.equals(object)) {
                    s.text = s.text + " → acquired";
                    return;
                }
                break;
            }
        }
        add(t.id, Step.Kind.OP, "acquired " + object, object, "", -1);
    }

    @Override
    public void handedOff(TaskState t, Object primitive, TaskState target) {
        String object = labels.of(primitive);
        String text = "hands " + object + " to " + target.name;
        // The hand-off's unpark was noted as a wake-up a moment ago: say what it handed.
        for (int i = steps.size() - 1; i >= 0; i--) {
            MutableStep s = steps.get(i);
            if (s.task == t.id && s.kind == Step.Kind.WAKE && s.target == target.id) {
                s.kind = Step.Kind.HAND_OFF;
                s.text = text;
                s.object = object;
                return;
            }
        }
        add(t.id, Step.Kind.HAND_OFF, text, object, "", target.id);
    }

    @Override
    public void ended(TaskState t) {
        add(t.id, Step.Kind.END, "ends", "", "", -1);
    }

    @Override
    public void parked(TaskState t, List<TaskState> all, Holders holders) {
        Object blocker = LockSupport.getBlocker(t.thread);
        if (blocker != null) {
            for (TaskState other : all) {
                if (other != t && other.state != TaskState.DONE && VThreads.joinBlocker(other.thread) == blocker) {
                    add(t.id, Step.Kind.PARK, "joins " + other.name, "", "", other.id);
                    return;
                }
            }
        }
        String object = labels.of(blocker);
        String until = t.timer != null ? " until " + formatTime(t.timer.deadline) : "";
        if (blocker == Blockers.SLEEP) {
            add(t.id, Step.Kind.PARK, "sleeps" + until, "", "", -1);
            return;
        }
        StringBuilder text = new StringBuilder("waits for ").append(object.isEmpty() ? "an unpark" : object)
                .append(until);
        List<Thread> hs = holders.of(blocker);
        for (int i = 0; i < hs.size(); i++) {
            text.append(i == 0 ? ", held by " : ", ").append(nameOf(all, hs.get(i)));
        }
        add(t.id, Step.Kind.PARK, text.toString(), object, "", -1);
    }

    @Override
    public void failed(int taskId, String text) {
        add(taskId, Step.Kind.FAIL, text, "", "", -1);
    }

    @Override
    public TraceImpl trace() {
        List<Step> out = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            MutableStep s = steps.get(i);
            String name = s.task >= 0 ? tasks.get(s.task) : "clock";
            out.add(new Step(i + 1, s.task, name, s.kind, s.text, s.object, s.location, s.target));
        }
        return new TraceImpl(out, tasks);
    }

    private void add(int task, Step.Kind kind, String text, String object, String location, int target) {
        steps.add(new MutableStep(task, kind, text, object, location, target));
    }

    private static String nameOf(List<TaskState> all, Thread thread) {
        for (TaskState t : all) {
            if (t.thread == thread) {
                return t.name;
            }
        }
        return thread.getName();
    }

    static String formatTime(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return "forever";
        }
        if (nanos % 1_000_000_000L == 0) {
            long s = nanos / 1_000_000_000L;
            return s % 3600 == 0 && s > 0 ? s / 3600 + " h" : s + " s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + " ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + " µs";
        }
        return nanos + " ns";
    }

    // ---- where in the scenario ------------------------------------------------------------------------------------

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** Lockstep's own packages, by identity: their frames are never the scenario's. */
    private static final Set<Package> OWN = Set.of(dev.lockstep.sync.Mutex.class.getPackage(),
            dev.lockstep.task.Loop.class.getPackage(), Blockers.class.getPackage(), Op.class.getPackage(),
            TraceNarrator.class.getPackage());

    /** The first frame of the scenario's own code, as File.java:line. */
    private static String location() {
        return WALKER.walk(frames -> frames.filter(f -> !internal(f.getDeclaringClass())).findFirst()
                .map(f -> f.getFileName() + ":" + f.getLineNumber()).orElse(""));
    }

    /** A frame of the JDK (its boot or platform loader) or of Lockstep itself. */
    private static boolean internal(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader() || OWN.contains(type.getPackage());
    }

    private static final class MutableStep {
        final int task;
        Step.Kind kind;
        String text;
        String object;
        final String location;
        final int target;

        MutableStep(int task, Step.Kind kind, String text, String object, String location, int target) {
            this.task = task;
            this.kind = kind;
            this.text = text;
            this.object = object;
            this.location = location;
            this.target = target;
        }
    }
}
