package dev.lockstep.boot;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What the JDK's {@code Thread}, {@code LockSupport} and fork/join classes call once the Lockstep agent has patched
 * them, so that platform threads and the common pool come under an explorer's control: loaded by the boot class
 * loader, like {@link Time}. Until an explorer installs its functions, every method leaves the JDK's behaviour as it
 * was.
 *
 * <p>A platform thread that a task of an exploration starts is not started: a controlled virtual thread of the same
 * name (its stand-in) runs the thread's {@code run()} in its place. From then on the platform thread's {@code join},
 * {@code isAlive}, {@code getState}, {@code interrupt}, {@code isInterrupted} and {@code LockSupport.unpark} act on the
 * stand-in, so code that keeps the {@code Thread} object (an executor, a fork/join pool, a test) sees one thread.
 */
public final class Threads {
    private Threads() {}

    /** Adopts a platform thread being started by the calling thread: true if a stand-in now runs it. */
    public static volatile Predicate<Thread> starter;

    /** The stand-in of a platform thread, or null; installed on the first adoption, never removed. */
    public static volatile UnaryOperator<Thread> standIns;

    /** The pool that takes the common pool's place for the calling thread (itself, outside an exploration). */
    public static volatile UnaryOperator<ForkJoinPool> pools;

    /**
     * Where each platform thread that was not adopted was started ("started by "main" at Foo.bar(Foo.java:12)"), so
     * that one which later intrudes on an exploration can be named with it. Weak: it holds no thread.
     */
    public static final Map<Thread, String> STARTED_AT = Collections.synchronizedMap(new WeakHashMap<>());

    /** At the head of {@code Thread.start()}: true if the thread was adopted, and the JDK must not start it. */
    public static boolean start(Thread t) {
        Predicate<Thread> s = starter;
        if (s != null && s.test(t)) {
            return true;
        }
        if (!t.isVirtual()) {
            STARTED_AT.put(t, callSite());
        }
        return false;
    }

    /** The first frame of the calling stack outside the JDK and Lockstep's library. */
    private static String callSite() {
        String by = "started by \"" + Thread.currentThread().getName() + "\"";
        StackTraceElement[] stack = new Throwable().getStackTrace();
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")
                    || c.startsWith("dev.lockstep.boot.") || c.startsWith("dev.lockstep.internal.")
                    || c.startsWith("dev.lockstep.explore."))) {
                return by + " at " + f;
            }
        }
        return by;
    }

    /** The stand-in of {@code t}, or null. */
    public static Thread standIn(Thread t) {
        UnaryOperator<Thread> m = standIns;
        return m == null || t == null ? null : m.apply(t);
    }

    /** For {@code LockSupport.unpark}: the thread to unpark in place of {@code t}. */
    public static Thread target(Thread t) {
        Thread s = standIn(t);
        return s == null ? t : s;
    }

    /** For {@code Thread.isAlive}: 1 or 0 for an adopted thread, -1 for any other. */
    public static int alive(Thread t) {
        Thread s = standIn(t);
        return s == null ? -1 : s.isAlive() ? 1 : 0;
    }

    /** For {@code Thread.isInterrupted}: 1 or 0 for an adopted thread, -1 for any other. */
    public static int interrupted(Thread t) {
        Thread s = standIn(t);
        return s == null ? -1 : s.isInterrupted() ? 1 : 0;
    }

    /** For {@code Thread.getState}: the stand-in's state, or null for a thread that was not adopted. */
    public static Thread.State state(Thread t) {
        Thread s = standIn(t);
        return s == null ? null : s.getState();
    }

    /** For {@code Thread.interrupt}: true if the stand-in was interrupted in {@code t}'s place. */
    public static boolean interrupt(Thread t) {
        Thread s = standIn(t);
        if (s == null) {
            return false;
        }
        s.interrupt();
        return true;
    }

    /** For {@code Thread.join(long)}: true if the stand-in was joined in {@code t}'s place. */
    public static boolean join(Thread t, long millis) throws InterruptedException {
        Thread s = standIn(t);
        if (s == null) {
            return false;
        }
        s.join(millis);
        return true;
    }

    /**
     * In place of {@code Unsafe.park(absolute, time)} in the fork/join pools: the same for a platform thread, and for
     * an adopted worker (a virtual thread) a park that unmounts it instead of blocking its carrier.
     */
    public static void park(Object unsafe, boolean absolute, long time) {
        if (absolute) {
            LockSupport.parkUntil(time);
        } else if (time == 0) {
            LockSupport.park();
        } else {
            LockSupport.parkNanos(time);
        }
    }

    /** In place of {@code Unsafe.unpark(thread)} in the fork/join pools (which reaches an adopted worker's stand-in). */
    public static void unpark(Object unsafe, Object thread) {
        LockSupport.unpark((Thread) thread);
    }

    /** Where the JDK reads the common pool (or {@code CompletableFuture}'s default pool, the same one). */
    public static ForkJoinPool common(ForkJoinPool common) {
        UnaryOperator<ForkJoinPool> p = pools;
        return p == null ? common : p.apply(common);
    }
}
