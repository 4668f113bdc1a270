package dev.lockstep.explore.internal;

import dev.lockstep.explore.Failure;
import dev.lockstep.internal.hook.RaceTracker;
import dev.lockstep.internal.race.Detector;
import dev.lockstep.internal.race.Race;
import java.util.IdentityHashMap;

/**
 * The race detector of one run: the happens-before order of its tasks, from every synchronization the run sees
 * (see {@link RaceTracker}) and from the scheduler itself: a task's start, and every wake-up of a parked task by
 * another (which is how the JDK's own locks, queues and joins hand over when they block). The first race of the
 * run fails it with {@link Failure.Kind#DATA_RACE}, even if every assertion would pass.
 *
 * <p>Called only by the running task, or by the carrier between steps: one at a time, as the detector needs.
 */
final class RunRaces implements RaceTracker {
    private final Run run;
    private final Detector detector = new Detector(false);
    private final IdentityHashMap<TaskState, Detector.Task> byTask = new IdentityHashMap<>();
    private Race first;

    RunRaces(Run run) {
        this.run = run;
    }

    /** The first race of the run, or null. */
    Race first() {
        return first;
    }

    /** {@code child} was just started by {@code parent} (null for the scenario's own task). */
    void started(TaskState parent, TaskState child) {
        Detector.Task c = detector.task(child.id, child.name);
        byTask.put(child, c);
        if (parent != null) {
            detector.fork(of(parent), c);
        }
    }

    /** The running task {@code from} woke {@code to}, which was parked. */
    void woke(TaskState from, TaskState to) {
        detector.handoff(of(from), of(to));
    }

    private Detector.Task of(TaskState t) {
        Detector.Task d = byTask.get(t);
        if (d == null) {
            d = detector.task(t.id, t.name);
            byTask.put(t, d);
        }
        return d;
    }

    /** The running task's side, or null when the caller is not the run's running task (a thread of another run). */
    private Detector.Task me() {
        TaskState t = run.caller();
        return t == null || run.aborting() ? null : of(t);
    }

    @Override
    public void access(Object owner, int index, String site, boolean write) {
        Detector.Task t = me();
        if (t != null) {
            Race r = detector.access(t, owner, index, site, write);
            if (r != null && first == null) {
                first = r;
                run.raced(r);
            }
        }
    }

    @Override
    public void volatileAccess(Object owner, String site, boolean write) {
        Detector.Task t = me();
        if (t != null) {
            detector.volatileAccess(t, owner, site, write);
        }
    }

    @Override
    public void release(Object sync) {
        Detector.Task t = me();
        if (t != null) {
            detector.release(t, sync);
        }
    }

    @Override
    public void acquire(Object sync) {
        Detector.Task t = me();
        if (t != null) {
            detector.acquire(t, sync);
        }
    }

    @Override
    public void acquireLater(Object sync) {
        Detector.Task t = me();
        if (t != null) {
            detector.acquireLater(t, sync);
        }
    }

    @Override
    public void joined(Thread thread) {
        Detector.Task t = me();
        TaskState other = run.taskOf(thread);
        if (t != null && other != null) {
            detector.joinTask(t, of(other));
        }
    }

    @Override
    public Object termination(Object executor) {
        return detector.termination(executor);
    }

    @Override
    public void forward(Object from, Object into) {
        if (me() != null) {
            detector.forward(from, into);
        }
    }

    @Override
    public void link(Object result, Object token) {
        if (me() != null) {
            detector.link(result, token);
        }
    }
}
