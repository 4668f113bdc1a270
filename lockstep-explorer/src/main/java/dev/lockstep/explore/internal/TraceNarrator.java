package dev.lockstep.explore.internal;

import dev.lockstep.explore.Step;
import dev.lockstep.internal.Blockers;
import dev.lockstep.internal.Holders;
import dev.lockstep.internal.VThreads;
import dev.lockstep.internal.hook.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/** The narrator of a traced run: records every step, with the scenario's source line where it has one. */
final class TraceNarrator implements Narrator {
    private final List<MutableStep> steps = new ArrayList<>();
    private final List<String> tasks = new ArrayList<>();
    private final Labels labels;
    private final Values values;
    /** Per task, its last write, whose value is known once the task goes on (it may be preempted before writing). */
    private final Map<Integer, Values.Pending> writes = new HashMap<>();

    TraceNarrator(Labels labels) {
        this.labels = labels;
        this.values = new Values(labels);
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
        // Several wake-ups in one go (an executor interrupting its idle workers) may come in an order the JDK takes
        // from identity hash codes: told in task order, so that a replay tells the same story.
        MutableStep mine = steps.getLast();
        for (int i = steps.size() - 1; i > 0; i--) {
            MutableStep before = steps.get(i - 1);
            if (before.task != waker.id || before.kind != Step.Kind.WAKE || before.target < woken.id) {
                break;
            }
            steps.set(i, before);
            steps.set(i - 1, mine);
        }
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
        if (t.waitingOn != null) {
            String object = labels.ofObject(t.waitingOn);
            add(t.id, Step.Kind.PARK, "waits for notify on " + object, object, "", -1);
            return;
        }
        if (t.wants != null) {
            blocker = t.wants; // a JDK lock parks on its internal state; name the lock the task called
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
    public void access(TaskState t, Object owner, int index, String site, boolean write) {
        String what = index >= 0 ? labels.ofObject(owner) + "[" + index + "]" : Values.member(site);
        if (write) {
            add(t.id, Step.Kind.OP, "writes " + what, "", Values.location(site), -1);
            writes.put(t.id, values.pending(steps.get(steps.size() - 1), owner, index, site));
        } else {
            add(t.id, Step.Kind.OP, "reads " + what + values.now(owner, index, site), "", Values.location(site), -1);
        }
    }

    @Override
    public void enters(TaskState t, Object monitor, String site) {
        String object = labels.ofObject(monitor);
        add(t.id, Step.Kind.OP, "enters synchronized (" + object + ")", object, Values.location(site), -1);
    }

    @Override
    public void call(TaskState t, Object receiver, String site) {
        String member = Values.member(site);
        String text;
        String object = "";
        if (receiver == null) {
            text = member;
        } else if (receiver instanceof Thread thread) {
            text = Values.method(member) + " " + nameOf(List.of(), thread);
        } else {
            object = labels.ofObject(receiver);
            text = Values.method(member) + " " + object;
        }
        add(t.id, Step.Kind.OP, text, object, Values.location(site), -1);
    }

    @Override
    public void spurious(TaskState t) {
        add(t.id, Step.Kind.RESUME, "wakes up spuriously", "", "", -1);
    }

    @Override
    public void spins(TaskState t) {
        add(t.id, Step.Kind.YIELD, "spins", "", location(), -1);
    }

    @Override
    public TraceImpl trace() {
        writes.values().forEach(Values.Pending::settle);
        writes.clear();
        List<Step> out = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            MutableStep s = steps.get(i);
            String name = s.task >= 0 ? tasks.get(s.task) : "clock";
            out.add(new Step(i + 1, s.task, name, s.kind, s.text, s.object, s.location, s.target));
        }
        return new TraceImpl(out, tasks);
    }

    private void add(int task, Step.Kind kind, String text, String object, String location, int target) {
        if (task >= 0 && kind != Step.Kind.PREEMPTED) { // a preempted task has not gone on yet
            Values.Pending w = writes.remove(task);
            if (w != null) {
                w.settle(); // the task went on, so its write has happened
            }
        }
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

    /** A step as it is being told; its text may still grow (an acquisition, the value a write wrote). */
    static final class MutableStep {
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
