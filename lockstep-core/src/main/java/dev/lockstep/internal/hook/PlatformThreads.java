package dev.lockstep.internal.hook;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Platform threads and the common pool under a probe's control, when the Lockstep agent has patched the JDK to ask
 * (its boot class {@code dev.lockstep.boot.Threads}). A platform thread that a probed thread starts is offered to the
 * probe ({@link Probe#adopt}); a probe that adopts it runs the thread's {@code run()} on a stand-in of its own and
 * registers it here, so that the JDK's {@code Thread} and {@code LockSupport} methods act on the stand-in. A probed
 * thread that reads the common pool gets the probe's pool ({@link Probe#commonPoolStandIn}). The boot class remembers
 * where every other platform thread was started, so that a run it intrudes on can say so.
 */
public final class PlatformThreads {
    private PlatformThreads() {}

    /** Adopted thread to stand-in. Threads do not override {@code equals}: the keys are compared by identity. */
    private static final Map<Thread, Thread> STAND_INS = new ConcurrentHashMap<>();
    /** The boot class's record of where the platform threads nobody adopted were started. */
    private static volatile Map<Thread, String> startedAt;
    private static volatile Field standInsField;
    private static volatile ForkJoinPool realCommon;

    /** Installs this class's functions in the agent's boot class, if the agent put it there; else does nothing. */
    static synchronized void install() {
        if (realCommon != null) {
            return;
        }
        try {
            Class<?> threads = Class.forName("java.lang.LockstepThreads", true, null);
            realCommon = ForkJoinPool.commonPool(); // read here, outside any probe: the real one
            standInsField = threads.getField("standIns");
            @SuppressWarnings("unchecked")
            Map<Thread, String> started = (Map<Thread, String>) threads.getField("STARTED_AT").get(null);
            startedAt = started;
            Predicate<Thread> starter = PlatformThreads::starting;
            UnaryOperator<ForkJoinPool> pools = PlatformThreads::common;
            threads.getField("starter").set(null, starter);
            threads.getField("pools").set(null, pools);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // no agent: platform threads and the common pool stay outside every probe's control
        }
    }

    /** Called as the JDK is about to start {@code t}: true if a probe adopted it. */
    private static boolean starting(Thread t) {
        if (t.isVirtual() || !adoptable(t)) {
            return false;
        }
        Probe p = Hooks.probe();
        return p != null && p.adopt(t);
    }

    /** The JDK's thread classes a stand-in can run: their waits park, and they serve only the pool they belong to. */
    private static final java.util.Set<String> JDK_ADOPTABLE = java.util.Set.of(
            "java.util.concurrent.ForkJoinWorkerThread",
            "java.util.concurrent.ForkJoinWorkerThread$InnocuousForkJoinWorkerThread",
            "java.util.concurrent.DelayScheduler");

    /**
     * Whether a probe may adopt {@code t}: a plain {@code Thread} (what {@code new Thread}, {@code Thread.ofPlatform()}
     * and the executors' default factory make), a subclass of the program's, or a fork/join pool's thread. Never
     * Lockstep's own carriers, nor the JDK's other threads (system threads that serve the whole JVM, selectors that
     * block in native code).
     */
    private static boolean adoptable(Thread t) {
        Class<?> c = t.getClass();
        if (c == Thread.class || JDK_ADOPTABLE.contains(c.getName())) {
            return true;
        }
        ClassLoader loader = c.getClassLoader();
        return loader != null && loader != ClassLoader.getPlatformClassLoader()
                && !dev.lockstep.internal.Carriers.isLockstepThread(t);
    }

    private static ForkJoinPool common(ForkJoinPool pool) {
        if (pool != realCommon) {
            return pool;
        }
        Probe p = Hooks.probe();
        ForkJoinPool ours = p == null ? null : p.commonPoolStandIn();
        return ours == null ? pool : ours;
    }

    /** From now on the JDK's methods on {@code adopted} act on {@code standIn}. */
    public static void bind(Thread adopted, Thread standIn) {
        if (STAND_INS.putIfAbsent(adopted, standIn) != null) {
            throw new IllegalThreadStateException("thread \"" + adopted.getName() + "\" was already started");
        }
        Field f = standInsField;
        if (f != null) {
            try {
                if (f.get(null) == null) {
                    UnaryOperator<Thread> lookup = STAND_INS::get;
                    f.set(null, lookup); // only now: until a first adoption, the patched JDK pays one volatile read
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The JDK's methods on {@code adopted} act on it again (its run is over). */
    public static void unbind(Thread adopted) {
        STAND_INS.remove(adopted);
    }

    /** The stand-in of {@code t}, or null. */
    public static Thread standIn(Thread t) {
        return t == null ? null : STAND_INS.get(t);
    }

    /**
     * Whether a platform thread started since the agent loaded, and not adopted, is running the program's code right
     * now (not parked, not in a native method; not Lockstep's, not the JDK's system threads, not a pool spinning in
     * the JDK for work): it may be about to wake a task. Walks
     * those threads' stacks, so it is for rare moments only, such as a run about to be called a deadlock.
     */
    public static boolean anyUncontrolledAtWork() {
        for (Thread t : uncontrolled()) {
            if (t.getState() == Thread.State.RUNNABLE) {
                StackTraceElement[] stack = t.getStackTrace();
                if (stack.length > 0 && !stack[0].isNativeMethod() && runsProgramCode(stack)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a platform thread started since the agent loaded, not adopted, not Lockstep's nor a JDK system thread,
     * is alive: one that may take a task a run handed off (a pool made before the scenario).
     */
    public static boolean anyUncontrolledAlive() {
        for (Thread t : uncontrolled()) {
            if (t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    /** The platform threads the boot class saw started and nobody adopted, but the caller and Lockstep's and the JDK's. */
    private static java.util.List<Thread> uncontrolled() {
        Map<Thread, String> m = startedAt;
        if (m == null) {
            return java.util.List.of();
        }
        java.util.List<Thread> threads;
        synchronized (m) {
            threads = new java.util.ArrayList<>(m.keySet());
        }
        threads.removeIf(t -> t == null || t == Thread.currentThread()
                || dev.lockstep.internal.Carriers.isLockstepThread(t)
                || dev.lockstep.internal.Carriers.isJdkSystemThread(t));
        return threads;
    }

    /** Whether a frame of {@code stack} is the program's (not the JDK's, not Lockstep's library). */
    private static boolean runsProgramCode(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")
                    || c.startsWith("dev.lockstep.internal.") || c.startsWith("dev.lockstep.explore.")
                    || c.startsWith("dev.lockstep.boot."))) {
                return true;
            }
        }
        return false;
    }

    /** Where the platform thread {@code t} was started, e.g. "started by "main" at Foo.bar(Foo.java:12)", or null. */
    public static String startedAt(Thread t) {
        Map<Thread, String> m = startedAt;
        return m == null ? null : m.get(t);
    }
}
