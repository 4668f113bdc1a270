package dev.lockstep.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A volatile int on a cache line of its own, for a primitive's CAS word: every thread CASes it, and the fields every
 * operation only reads (names, bounds, the hook's creator) must not sit on the same line, or each CAS turns those
 * reads into cache misses for everyone else. The padding comes from the class hierarchy, because the JVM lays out
 * superclass fields first and reorders fields within a class.
 */
public final class PaddedInt extends PaddedIntValue {
    long q0, q1, q2, q3, q4, q5, q6, q7;

    public PaddedInt(int initial) {
        value = initial;
    }

    public int get() {
        return value;
    }

    public void set(int v) {
        value = v;
    }

    public boolean compareAndSet(int expect, int update) {
        return VALUE.compareAndSet(this, expect, update);
    }

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedIntValue.class, "value", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** Padding laid out before the value (superclass fields come first). */
abstract class PaddedIntBefore {
    long p0, p1, p2, p3, p4, p5, p6, p7;
}

/** The value itself, between the padding of its superclass and that of its subclass. */
abstract class PaddedIntValue extends PaddedIntBefore {
    volatile int value;
}
