package dev.lockstep.internal.hook;

/**
 * What code instrumented by the Lockstep agent calls: one static method per kind of operation the explorer must see
 * (a field or array access, a monitor, a call into {@code java.util.concurrent}, a wait, a loop's back edge). Each
 * passes the operation to the probe scheduling the calling thread, if there is one; otherwise it does nothing, or
 * does exactly what the instrumented instruction did.
 *
 * <p>Until an explorer exists in this JVM, every method costs one read of the plain static field {@link #on}: the JIT
 * may hoist it out of a loop, and nothing else runs. The field is written once, by {@link Hooks#arm()}, before the
 * explorer starts any thread; threads it starts see the write (thread start orders it), and threads that were
 * already running are not explored, so they need not see it.
 *
 * <p>{@code site} strings are written by the agent into the instrumented class as constants: the kind of access, the
 * class and member, and the source line ({@code Account.balance|Account.java:12}); only a traced run reads them.
 */
public final class Instrumented {
    /** Whether any probe exists in this JVM. Plain on purpose; see the class comment. */
    static boolean on;

    private Instrumented() {}

    private static Probe probe() {
        return Hooks.probeOf(Thread.currentThread());
    }

    /** Before {@code getfield} or {@code getstatic}; {@code owner} is the object, or the class of a static field. */
    public static void read(Object owner, String site) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.access(owner, -1, site, false);
            }
        }
    }

    /** Before {@code putfield} or {@code putstatic}. */
    public static void write(Object owner, String site) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.access(owner, -1, site, true);
            }
        }
    }

    /** Before an array load. */
    public static void readElement(Object array, int index, String site) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.access(array, index, site, false);
            }
        }
    }

    /** Before an array store. */
    public static void writeElement(Object array, int index, String site) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.access(array, index, site, true);
            }
        }
    }

    /** Before {@code monitorenter}, and at the start of a synchronized method (whose monitor the agent made explicit). */
    public static void monitorEnter(Object monitor, String site) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.monitorEnter(monitor, site);
            }
        }
    }

    /** Before {@code monitorexit}. */
    public static void monitorExit(Object monitor) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.monitorExit(monitor);
            }
        }
    }

    /**
     * Before a call that may synchronize with other threads: a method of a {@code java.util.concurrent} class,
     * {@code Thread.start/join}, {@code LockSupport.park/unpark}. {@code receiver} is the object called, or null for
     * a static method; {@code site} names the method.
     */
    public static void call(Object receiver, String site) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.call(receiver, site);
            }
        }
    }

    /** After a lock method of {@code lock} returned {@code true} (or returned, for {@code lock()}): it is held. */
    public static boolean locked(boolean acquired, Object lock) {
        if (on && acquired) {
            Probe p = probe();
            if (p != null) {
                p.acquired(lock);
            }
        }
        return acquired;
    }

    /** After {@code lock.lock()} or {@code lockInterruptibly()} returned. */
    public static void locked(Object lock) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.acquired(lock);
            }
        }
    }

    /** Before {@code lock.unlock()}. */
    public static void unlocking(Object lock) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.released(lock);
            }
        }
    }

    /** In place of {@code o.wait()}. */
    public static void waitOn(Object o) throws InterruptedException {
        if (!on || !objectWait(o, 0L)) {
            o.wait();
        }
    }

    /** In place of {@code o.wait(millis)}. */
    public static void waitOn(Object o, long millis) throws InterruptedException {
        if (millis < 0) {
            o.wait(millis); // the JDK's own IllegalArgumentException
        }
        if (!on || !objectWait(o, millis == 0 ? 0L : saturatedMillis(millis))) {
            o.wait(millis);
        }
    }

    /** In place of {@code o.wait(millis, nanos)}. */
    public static void waitOn(Object o, long millis, int nanos) throws InterruptedException {
        if (millis < 0 || nanos < 0 || nanos > 999_999) {
            o.wait(millis, nanos); // the JDK's own IllegalArgumentException
        }
        long total = saturatedMillis(millis);
        total = total + nanos < 0 ? Long.MAX_VALUE : total + nanos;
        if (!on || !objectWait(o, total)) {
            o.wait(millis, nanos);
        }
    }

    private static long saturatedMillis(long millis) {
        return millis > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : millis * 1_000_000;
    }

    private static boolean objectWait(Object o, long nanos) throws InterruptedException {
        Probe p = probe();
        return p != null && p.objectWait(o, nanos);
    }

    /** In place of {@code o.notify()}. */
    public static void notify(Object o) {
        Probe p = on ? probe() : null;
        if (p == null || !p.objectNotify(o, false)) {
            o.notify();
        }
    }

    /** In place of {@code o.notifyAll()}. */
    public static void notifyAll(Object o) {
        Probe p = on ? probe() : null;
        if (p == null || !p.objectNotify(o, true)) {
            o.notifyAll();
        }
    }

    /** In place of {@code t.interrupt()}. */
    public static void interrupt(Thread t) {
        Probe p = on ? probe() : null;
        if (p == null || !p.interrupt(t)) {
            t.interrupt();
        }
    }

    /**
     * In place of {@code condition.await()}: a scheduling point, then the wait; or, where the explorer injects a
     * spurious wake-up, a wait of no time (the lock is released and taken back, as after a wake-up).
     */
    public static void await(java.util.concurrent.locks.Condition condition, String site) throws InterruptedException {
        if (spurious(condition, site)) {
            condition.awaitNanos(0);
        } else {
            condition.await();
        }
    }

    /** In place of {@code condition.awaitUninterruptibly()}; see {@link #await}. */
    public static void awaitUninterruptibly(java.util.concurrent.locks.Condition condition, String site) {
        if (spurious(condition, site)) {
            boolean interrupted = Thread.interrupted();
            try {
                condition.awaitNanos(0);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } else {
            condition.awaitUninterruptibly();
        }
    }

    /** In place of {@code LockSupport.park()}: a scheduling point, then the park, unless it returns spuriously. */
    public static void park(String site) {
        if (!spurious(null, site)) {
            java.util.concurrent.locks.LockSupport.park();
        }
    }

    /** In place of {@code LockSupport.park(blocker)}; see {@link #park(String)}. */
    public static void park(Object blocker, String site) {
        if (!spurious(blocker, site)) {
            java.util.concurrent.locks.LockSupport.park(blocker);
        }
    }

    /** The scheduling point of a wait, and whether the explorer makes it return at once, spuriously. */
    private static boolean spurious(Object receiver, String site) {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.call(receiver, site);
                return p.spuriousWakeup();
            }
        }
        return false;
    }

    /** At a loop's back edge: a step, so that a task spinning without any other scheduling point is preempted. */
    public static void backEdge() {
        if (on) {
            Probe p = probe();
            if (p != null) {
                p.backEdge();
            }
        }
    }
}
