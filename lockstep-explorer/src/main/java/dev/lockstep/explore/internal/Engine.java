package dev.lockstep.explore.internal;

import dev.lockstep.internal.Carriers;
import dev.lockstep.internal.VThreads;
import dev.lockstep.internal.hook.Hooks;
import dev.lockstep.internal.hook.Op;
import dev.lockstep.internal.hook.Probe;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The router between the JDK and the run in progress on one carrier: every virtual thread of those runs has this as
 * its scheduler, so the JDK hands it their continuations and their timed wake-ups, and Lockstep's hooks find it as
 * their probe. It passes all three to the attached {@link Run}, and nothing else.
 *
 * <p>It is a {@link ForkJoinPool} for one reason: a virtual thread whose scheduler is one asks it, through {@link
 * #schedule}, to wake it after a delay, for every timed wait ({@code Thread.sleep}, {@code LockSupport.parkNanos},
 * the timed waits of {@code java.util.concurrent}, {@code Object.wait(timeout)}). That is the one place where the JDK
 * schedules such a wake-up, and here it goes on the run's virtual clock. The pool itself never runs a thread.
 */
public final class Engine extends ForkJoinPool implements Probe {
    private final Thread.Builder.OfVirtual rootBuilder;
    private volatile Run run;

    Engine() {
        super(1);
        Hooks.arm();
        this.rootBuilder = VThreads.builder(this).name("main");
    }

    /** Builds the root thread of a run: its threads, and theirs, are scheduled here. */
    Thread.Builder.OfVirtual rootBuilder() {
        return rootBuilder;
    }

    void attach(Run r) {
        run = r;
    }

    void detach(Run r) {
        if (run == r) {
            run = null;
        }
    }

    // ---- the scheduler -------------------------------------------------------------------------------------------

    /**
     * A virtual thread of a run asks to be woken ({@code command}) after {@code delay}: on the run's virtual clock,
     * if the agent put the JDK's timed waits on it. Otherwise, or for a thread of an earlier run, by a real timer.
     */
    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Run r = run;
        if (r != null && Hooks.jdkTimeIsVirtual() && r.onOurCarrier(Thread.currentThread())) {
            return r.wakeAfter(command, unit.toNanos(delay));
        }
        return Stale.TIMER.schedule(command, delay, unit); // real time: the JDK measures the time left itself
    }

    /** Real timers, for the timed waits the JDK measures in real time, and for threads whose run is over. */
    private static final class Stale {
        static final ScheduledThreadPoolExecutor TIMER =
                new ScheduledThreadPoolExecutor(1, r -> Carriers.newThread("lockstep-explorer-stale-timer", true, r));
    }

    @Override
    public void execute(Runnable continuation) {
        Run r = run;
        if (r == null) {
            Reaper.resume(continuation);
            return;
        }
        Thread me = Thread.currentThread();
        if (r.onOurCarrier(me)) {
            r.onCarrier(continuation);
        } else {
            r.foreign(continuation, me);
        }
    }

    /** The run whose task is calling, or null for a thread of an earlier run. */
    private Run mine() {
        Run r = run;
        return r != null && r.caller() != null ? r : null;
    }

    /** Registers an invariant with the run of the calling task; false if the caller is not a task of a run. */
    public static boolean registerInvariant(String name, java.util.function.BooleanSupplier condition) {
        if (Hooks.probe() instanceof Engine engine) {
            Run r = engine.mine();
            if (r != null) {
                r.addInvariant(name, condition);
                return true;
            }
        }
        return false;
    }

    // ---- the probe -------------------------------------------------------------------------------------------------

    @Override
    public void point(Object primitive, Op op) {
        Run r = mine();
        if (r == null) {
            throw RunAborted.INSTANCE;
        }
        r.point(primitive, op);
    }

    @Override
    public void yieldNow() {
        Run r = mine();
        if (r == null) {
            throw RunAborted.INSTANCE;
        }
        r.yieldNow();
    }

    @Override
    public void acquired(Object primitive) {
        Run r = mine();
        if (r != null) {
            r.acquired(primitive);
        }
    }

    @Override
    public void released(Object primitive) {
        Run r = mine();
        if (r != null) {
            r.released(primitive);
        }
    }

    @Override
    public void handedOff(Object primitive, Thread to) {
        Run r = mine();
        if (r != null) {
            r.handedOff(primitive, to);
        }
    }

    @Override
    public void touchedFromOutside(Object primitive, Op op, Thread thread) {
        Run r = run;
        if (r != null) {
            r.touchedFromOutside(primitive, op, thread);
        }
    }

    @Override
    public long nanoTime() {
        Run r = mine();
        return r != null ? r.clock().now() : System.nanoTime();
    }

    @Override
    public boolean parkNanos(Object blocker, long nanos) {
        Run r = mine();
        return r != null && r.parkNanos(blocker, nanos);
    }

    @Override
    public Runnable schedule(long deadline, Runnable action) {
        Run r = mine();
        return r != null ? r.clock().schedule(deadline, action) : null;
    }

    @Override
    public boolean adopt(Thread platform) {
        Run r = mine();
        return r != null && r.adopt(platform);
    }

    @Override
    public ForkJoinPool commonPoolStandIn() {
        Run r = mine();
        return r == null ? null : r.commonPool();
    }

    // ---- operations of code the agent instrumented -----------------------------------------------------------------

    /** The calling task of the attached run; a thread of an earlier run is unwound. */
    private TaskState task(Run r) {
        TaskState t = r == null ? null : r.caller();
        if (t == null) {
            throw RunAborted.INSTANCE;
        }
        return t;
    }

    @Override
    public void access(Object owner, int index, String site, boolean write) {
        Run r = run;
        r.agent().access(task(r), owner, index, site, write);
    }

    @Override
    public void monitorEnter(Object monitor, String site) {
        Run r = run;
        r.agent().monitorEnter(task(r), monitor, site);
    }

    @Override
    public void monitorExit(Object monitor) {
        Run r = run;
        TaskState t = r == null ? null : r.caller();
        if (t != null) {
            r.agent().monitorExit(t, monitor); // never throws: it runs while exceptions unwind synchronized blocks
        }
    }

    @Override
    public void call(Object receiver, String site) {
        Run r = run;
        r.agent().call(task(r), receiver, site);
    }

    @Override
    public boolean objectWait(Object o, long nanos) throws InterruptedException {
        Run r = run;
        return r.agent().objectWait(task(r), o, nanos);
    }

    @Override
    public boolean objectNotify(Object o, boolean all) {
        Run r = run;
        return r.agent().objectNotify(task(r), o, all);
    }

    @Override
    public boolean interrupt(Thread t) {
        Run r = run;
        return r.agent().interrupt(task(r), t);
    }

    @Override
    public boolean spuriousWakeup() {
        Run r = run;
        return r.agent().spuriousWakeup(task(r));
    }

    @Override
    public dev.lockstep.internal.hook.Pending handoffs() {
        Run r = run;
        return r == null ? null : r.handoffs();
    }

    @Override
    public dev.lockstep.internal.hook.RaceTracker races() {
        Run r = run;
        return r == null ? null : r.races();
    }

    @Override
    public void backEdge() {
        Run r = run;
        r.agent().backEdge(task(r));
    }
}
