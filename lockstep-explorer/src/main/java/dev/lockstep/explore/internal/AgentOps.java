package dev.lockstep.explore.internal;

import java.util.concurrent.locks.Lock;

/**
 * What a run does with the operations of code the Lockstep agent instrumented (see {@code Instrumented}): field and
 * array accesses, calls that synchronize, {@code Object.wait} and {@code notify} are scheduling points; monitors are
 * kept in the run's {@link Monitors}; loop back edges let a task that polls be recognised as spinning, so that the
 * fair scheduling of yields can switch away from it.
 */
final class AgentOps {
    /** Without field accesses to tell loop iterations apart, every this many back edges count as a yield. */
    private static final int BLIND_SPIN = 1024;

    private final Run run;
    private final Monitors monitors;
    private final boolean fields;
    private final boolean spurious;

    AgentOps(Run run, Monitors monitors, boolean fields, boolean spurious) {
        this.run = run;
        this.monitors = monitors;
        this.fields = fields;
        this.spurious = spurious;
    }

    void access(TaskState t, Object owner, int index, String site, boolean write) {
        observe(t, owner, site, index, write);
        run.narrator().access(t, owner, index, site, write);
        run.point(t);
    }

    void monitorEnter(TaskState t, Object monitor, String site) {
        t.wants = null;
        run.narrator().enters(t, monitor, site);
        run.point(t);
        monitors.enter(t, monitor, run::aborting);
    }

    void monitorExit(TaskState t, Object monitor) {
        monitors.exit(t, monitor);
    }

    void call(TaskState t, Object receiver, String site) {
        observe(t, receiver, site, -1, false);
        if (receiver instanceof Thread thread) {
            run.nameIfNew(thread); // before the trace names it
        }
        // A lock the task is about to take: if it blocks inside the JDK's lock, the deadlock picture names this lock.
        t.wants = receiver instanceof Lock ? receiver : null;
        run.narrator().call(t, receiver, site);
        run.point(t);
    }

    boolean objectWait(TaskState t, Object o, long nanos) throws InterruptedException {
        t.wants = null;
        run.narrator().call(t, o, nanos == 0 ? "Object.wait" : "Object.wait(timeout)");
        run.point(t);
        if (monitors.owner(o) != t) {
            return false; // not held by the books: the JDK waits, or throws IllegalMonitorStateException
        }
        boolean spuriously = spurious && run.coin();
        if (spuriously) {
            run.narrator().spurious(t); // the JDK allows it: woken at once, it still gives the monitor up first
        }
        return monitors.await(t, o, nanos, spuriously);
    }

    /** Whether the wait {@code t} is about to begin returns at once, spuriously: a decision, if the option is on. */
    boolean spuriousWakeup(TaskState t) {
        if (spurious && run.coin()) {
            run.narrator().spurious(t);
            return true;
        }
        return false;
    }

    boolean objectNotify(TaskState t, Object o, boolean all) {
        t.wants = null;
        run.narrator().call(t, o, all ? "Object.notifyAll" : "Object.notify");
        run.point(t);
        return monitors.notify(t, o, all);
    }

    boolean interrupt(TaskState t, Thread target) {
        t.wants = null;
        run.narrator().call(t, target, "Thread.interrupt");
        run.point(t);
        return false; // the real interrupt; a task it wakes in Object.wait waits for its monitor (Monitors.woken)
    }

    /**
     * A loop's back edge. An iteration that wrote nothing and read what the last one read is polling (and so is a long
     * run of iterations that touched nothing the agent sees); polling is a yield, fair (CHESS): a task that polls
     * twice with no other task running in between spins, and is not chosen again while another task can run.
     */
    void backEdge(TaskState t) {
        boolean polling;
        if (fields && t.iteration != 0) {
            polling = !t.wroteThisIteration && t.iteration == t.previousIteration;
            t.previousIteration = t.iteration;
            t.iteration = 0;
            t.wroteThisIteration = false;
        } else { // an iteration that touched nothing the agent sees: only a long run of them is a spin
            polling = ++t.blindBackEdges >= BLIND_SPIN;
            if (polling) {
                t.blindBackEdges = 0;
            }
        }
        if (polling) {
            run.spin(t);
        }
    }

    /** Folds an access into the hash of the task's current loop iteration. */
    private static void observe(TaskState t, Object owner, String site, int index, boolean write) {
        t.iteration = t.iteration * 31 + (System.identityHashCode(owner) ^ site.hashCode() ^ index);
        t.wroteThisIteration |= write;
        t.blindBackEdges = 0;
    }
}
