package dev.lockstep.internal;

import java.util.concurrent.Callable;

/**
 * Lockstep's own platform threads (carriers of a Loop or of the explorer, timers, watchdogs), made here so that they
 * are recognised by how they were made ({@link #isLockstepThread}), and the one way to lend a virtual caller a
 * platform carrier.
 */
public final class Carriers {
    private Carriers() {}

    /** The class of the JDK's own system threads (timers, unblockers, pollers), or null if this JDK has none. */
    private static final Class<?> JDK_SYSTEM_THREAD = jdkSystemThreadClass();

    /** A new, unstarted platform thread of Lockstep's own. */
    public static Thread newThread(String name, boolean daemon, Runnable body) {
        Thread t = new OwnThread(body, name);
        t.setDaemon(daemon);
        return t;
    }

    /** Whether {@code t} was made by {@link #newThread}. */
    public static boolean isLockstepThread(Thread t) {
        return t instanceof OwnThread;
    }

    /**
     * Whether {@code t} is one of the JDK's own threads, which wake virtual threads on behalf of others: the timer
     * behind {@code Thread.sleep} and timed parks, the unblocker of monitors, the I/O pollers.
     */
    public static boolean isJdkSystemThread(Thread t) {
        return JDK_SYSTEM_THREAD != null && JDK_SYSTEM_THREAD.isInstance(t);
    }

    /**
     * Runs {@code work} on the calling thread if it is a platform thread; a virtual thread cannot carry others, so then
     * on a platform thread of its own, named {@code name}, while the caller waits. An interrupt of the waiting caller
     * runs {@code onInterrupt} (which should make the work wind down) and is re-asserted when the work has ended.
     *
     * @throws Exception whatever {@code work} throws
     */
    public static <T> T lend(String name, Callable<T> work, Runnable onInterrupt) throws Exception {
        if (!Thread.currentThread().isVirtual()) {
            return work.call();
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread carrier = newThread(name, false, () -> {
            try {
                result[0] = work.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        carrier.start();
        boolean interrupted = false;
        while (true) {
            try {
                carrier.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                onInterrupt.run();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    private static Class<?> jdkSystemThreadClass() {
        try {
            return Class.forName("jdk.internal.misc.InnocuousThread", false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static final class OwnThread extends Thread {
        OwnThread(Runnable body, String name) {
            super(body, name);
        }
    }
}
