package dev.lockstep.internal.hook;

import dev.lockstep.internal.VThreads;
import java.util.concurrent.locks.LockSupport;

/**
 * Where Lockstep's primitives meet a watching scheduler, at no cost when none exists.
 *
 * <p>Until a probing scheduler is created in this JVM ({@link #arm()}), every method is a read of one static volatile
 * boolean. Afterwards a call looks up the calling thread's scheduler: if it is a {@link Probe}, the probe hears about
 * the call; otherwise nothing happens. The primitives never know which probe, if any, is there.
 */
public final class Hooks {

    /** True once any probe exists in this JVM; never goes back, so a stale read only costs a lookup. */
    private static volatile boolean armed;

    private Hooks() {}

    /** Called by a probing scheduler before it runs its first thread. Fails if the JDK internals are not reachable. */
    public static void arm() {
        VThreads.requireAccess();
        Instrumented.on = true;
        armed = true; // the volatile write after the plain one publishes both
        JdkClock.install();
        PlatformThreads.install();
    }

    /**
     * For the agent's race detector: the primitives report to it from every thread, though no probe exists. No
     * JDK access is needed for that (a thread whose scheduler cannot be read has no probe).
     */
    static void armForRaces() {
        armed = true;
    }

    /**
     * Whether the JDK's own timed waits read the explorer's clock (the Lockstep agent patched them): only then may a
     * probe put a virtual thread's timed wake-up on virtual time, since the JDK re-checks the time left itself.
     */
    public static boolean jdkTimeIsVirtual() {
        return JdkClock.installed;
    }

    /** The virtual time of {@code thread} if a probe schedules it, else {@link Long#MIN_VALUE}. */
    static long virtualNanos(Thread thread) {
        Probe p = probeOf(thread);
        return p == null ? Long.MIN_VALUE : p.nanoTime();
    }

    /** Installs {@link #virtualNanos} as the clock of the agent's boot class, if the agent put it there. */
    private static final class JdkClock {
        static volatile boolean installed;

        static synchronized void install() {
            if (installed) {
                return;
            }
            try {
                Class<?> time = Class.forName("java.lang.LockstepTime", true, null);
                java.lang.reflect.Field clock = time.getField("clock");
                java.util.function.ToLongFunction<Thread> ours = Hooks::virtualNanos;
                if (clock.get(null) == null) {
                    clock.set(null, ours);
                }
                installed = true;
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // no agent, or an agent that could not patch the JDK: timed waits of the JDK keep real time
            }
        }
    }

    /** The probe scheduling the calling thread, or null. */
    public static Probe probe() {
        return armed ? probeOf(Thread.currentThread()) : null;
    }

    /** The probe scheduling {@code thread}, or null. */
    public static Probe probeOf(Thread thread) {
        if (!armed || !thread.isVirtual() || !VThreads.accessible()) {
            return null;
        }
        return VThreads.scheduler(thread) instanceof Probe p ? p : null;
    }

    /** For a primitive's constructor: the probe of the creating thread (told of the new primitive), or null. */
    public static Probe creator(Object primitive) {
        Probe p = probe();
        if (p != null) {
            p.created(primitive);
        }
        return p;
    }

    /** A scheduling point before {@code op}; {@code creator} is the probe the primitive was created under, or null. */
    public static void point(Probe creator, Object primitive, Op op) {
        if (armed) {
            Thread me = Thread.currentThread();
            Probe p = probeOf(me);
            if (p != null) {
                p.point(primitive, op);
            } else if (creator != null) {
                creator.touchedFromOutside(primitive, op, me);
            }
            RaceTracker r = p != null ? p.races() : Instrumented.global;
            if (r != null) {
                // Each primitive's memory-consistency section says which of its operations release and acquire;
                // ordering every operation on one primitive may hide a race, never invent one.
                r.release(primitive);
                r.acquireLater(primitive);
            }
        }
    }

    public static void acquired(Object primitive) {
        if (armed) {
            Probe p = probeOf(Thread.currentThread());
            if (p != null) {
                p.acquired(primitive);
            }
            RaceTracker r = p != null ? p.races() : Instrumented.global;
            if (r != null) {
                r.acquire(primitive);
            }
        }
    }

    public static void released(Object primitive) {
        if (armed) {
            Probe p = probeOf(Thread.currentThread());
            if (p != null) {
                p.released(primitive);
            }
            RaceTracker r = p != null ? p.races() : Instrumented.global;
            if (r != null) {
                r.release(primitive);
            }
        }
    }

    public static void handedOff(Object primitive, Thread to) {
        if (armed) {
            Probe p = probeOf(Thread.currentThread());
            if (p != null) {
                p.handedOff(primitive, to);
            }
        }
    }

    /** The calling thread's clock: virtual under the explorer, {@link System#nanoTime()} elsewhere. */
    public static long nanoTime() {
        if (armed) {
            Probe p = probeOf(Thread.currentThread());
            if (p != null) {
                return p.nanoTime();
            }
        }
        return System.nanoTime();
    }

    /** Parks for at most {@code nanos} of the calling thread's clock (may return early, like LockSupport). */
    public static void parkNanos(Object blocker, long nanos) {
        if (armed) {
            Probe p = probeOf(Thread.currentThread());
            if (p != null && p.parkNanos(blocker, nanos)) {
                return;
            }
        }
        LockSupport.parkNanos(blocker, nanos);
    }
}
