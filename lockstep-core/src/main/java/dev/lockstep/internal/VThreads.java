package dev.lockstep.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.concurrent.Executor;

/**
 * The one place that reaches into the JDK for what it has no public API for yet: a virtual-thread builder with a
 * scheduler of our own, the scheduler of a virtual thread, and the thread behind a task handed to a scheduler.
 *
 * <p>All three need {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or {@code =dev.lockstep.core} on the module
 * path). Without it, {@link #requireAccess()} fails with a message that names the flag.
 */
public final class VThreads {

    private VThreads() {}

    /** The flag that opens what this class needs, for the module Lockstep runs in. */
    public static String requiredFlag() {
        Module m = VThreads.class.getModule();
        return "--add-opens java.base/java.lang=" + (m.isNamed() ? m.getName() : "ALL-UNNAMED");
    }

    /** Fails with a clear message unless the JDK internals are reachable. */
    public static void requireAccess() {
        if (Access.FAILURE != null) {
            throw new IllegalStateException("Lockstep needs access to the JDK's virtual-thread scheduler: give the JVM "
                    + requiredFlag() + " (Maven: in Surefire's <argLine>; Gradle: in the test task's jvmArgs; the"
                    + " README's \"Use it in your project\" shows both; ./lockstep passes it itself)", Access.FAILURE);
        }
    }

    /** Whether the JDK internals this class needs are reachable (the flag was given). */
    public static boolean accessible() {
        return Access.FAILURE == null;
    }

    /** A builder of virtual threads that run on {@code scheduler}; their own virtual children inherit it. */
    public static Thread.Builder.OfVirtual builder(Executor scheduler) {
        requireAccess();
        try {
            return (Thread.Builder.OfVirtual) Access.BUILDER.newInstance(scheduler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a virtual-thread builder with a custom scheduler", e);
        }
    }

    /** The scheduler of the virtual thread {@code thread}. */
    public static Executor scheduler(Thread thread) {
        try {
            return (Executor) Access.SCHEDULER.invokeExact(thread);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the scheduler of " + thread, e);
        }
    }

    /**
     * Whether {@code thread} runs truly in parallel with others: a platform thread, or a virtual thread on a
     * ForkJoinPool of more than one carrier (the JDK's default scheduler, unless the machine or
     * {@code jdk.virtualThreadScheduler.parallelism} gives it one). Not on a Loop, under the explorer or on a single
     * carrier, where only one task runs at a time and spinning would only delay the task it waits for.
     */
    public static boolean runsInParallel(Thread thread) {
        if (!thread.isVirtual()) {
            return true;
        }
        if (Access.FAILURE != null) {
            return true; // without access there is no custom scheduler either
        }
        return scheduler(thread) instanceof java.util.concurrent.ForkJoinPool pool && pool.getParallelism() > 1;
    }

    /**
     * Whether {@code thread} is running right now, as far as can be told cheaply: a platform thread is taken to be; a
     * virtual thread is if it is mounted on a carrier. Worth spinning for only if it is.
     */
    public static boolean isMounted(Thread thread) {
        if (thread == null) {
            return false;
        }
        if (!thread.isVirtual() || Access.FAILURE != null) {
            return true;
        }
        try {
            return (Thread) Access.CARRIER.invokeExact(thread) != null;
        } catch (Throwable e) {
            return true;
        }
    }

    /** The virtual thread whose continuation {@code task} runs, as handed to a scheduler's {@code execute}. */
    public static Thread threadOf(Runnable task) {
        try {
            return (Thread) THREAD_OF_TASK.get(task.getClass()).invokeExact(task);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot find the virtual thread behind " + task, e);
        }
    }

    /**
     * The synchronizer a thread parks on while it joins the virtual thread {@code t} (the JDK's termination latch of
     * {@code t}), or null if nobody joins it or the JDK internals are not open to us. Lets a trace say "joins task-1".
     */
    public static Object joinBlocker(Thread t) {
        if (!t.isVirtual() || Access.TERMINATION == null || Latch.SYNC == null) {
            return null;
        }
        try {
            Object latch = Access.TERMINATION.invoke(t);
            return latch == null ? null : Latch.SYNC.invoke(latch);
        } catch (Throwable e) {
            return null;
        }
    }

    /** Needs {@code --add-opens java.base/java.util.concurrent}; optional, so it fails quietly without it. */
    private static final class Latch {
        static final MethodHandle SYNC;

        static {
            MethodHandle sync = null;
            try {
                Class<?> latch = java.util.concurrent.CountDownLatch.class;
                Class<?> syncType = Class.forName("java.util.concurrent.CountDownLatch$Sync");
                sync = MethodHandles.privateLookupIn(latch, MethodHandles.lookup()).findGetter(latch, "sync", syncType)
                        .asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not opened: traces name the latch instead of the joined thread
            }
            SYNC = sync;
        }
    }

    private static final ClassValue<MethodHandle> THREAD_OF_TASK = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            // The JDK hands the scheduler a method reference bound to the thread: find the field that holds it.
            for (Field f : type.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && Thread.class.isAssignableFrom(f.getType())) {
                    try {
                        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                        return lookup.unreflectGetter(f).asType(MethodType.methodType(Thread.class, Runnable.class));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            throw new IllegalStateException(type + " holds no thread");
        }
    };

    /** Loaded on first use so that code which never builds a Loop or an explorer needs no flags. */
    private static final class Access {
        static final Constructor<?> BUILDER;
        static final MethodHandle SCHEDULER;
        static final MethodHandle TERMINATION;
        static final MethodHandle CARRIER;
        static final Throwable FAILURE;

        static {
            Constructor<?> builder = null;
            MethodHandle scheduler = null;
            MethodHandle termination = null;
            MethodHandle carrier = null;
            Throwable failure = null;
            try {
                Class<?> builderType = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
                builder = builderType.getDeclaredConstructor(Executor.class);
                builder.setAccessible(true);
                Class<?> vthread = Class.forName("java.lang.VirtualThread");
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(vthread, MethodHandles.lookup());
                scheduler = lookup.findGetter(vthread, "scheduler", Executor.class)
                        .asType(MethodType.methodType(Executor.class, Thread.class));
                termination = lookup.findGetter(vthread, "termination", java.util.concurrent.CountDownLatch.class)
                        .asType(MethodType.methodType(Object.class, Thread.class));
                carrier = lookup.findGetter(vthread, "carrierThread", Thread.class)
                        .asType(MethodType.methodType(Thread.class, Thread.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                failure = e;
            }
            BUILDER = builder;
            SCHEDULER = scheduler;
            TERMINATION = termination;
            CARRIER = carrier;
            FAILURE = failure;
        }
    }
}
