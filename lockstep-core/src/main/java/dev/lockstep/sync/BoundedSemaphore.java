package dev.lockstep.sync;

import dev.lockstep.internal.Names;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired: its available permits never exceed
 * the initial count. asyncio's {@code BoundedSemaphore}, which the seed recommends because an extra release is a bug
 * that silently raises the limit for everyone afterwards.
 *
 * {@snippet :
 * BoundedSemaphore pool = new BoundedSemaphore("connections", 4);
 * pool.acquire();
 * pool.release();
 * pool.release();   // IllegalStateException: would raise the permits above the initial 4
 * }
 *
 * <p><b>Fairness, interruption and timeouts</b> are those of {@link Semaphore}: strict FIFO with direct hand-off, and
 * an interrupt never leaks a permit.
 *
 * <p><b>Ownership.</b> Permits are counted, not owned: any thread may release one that was acquired. A release that
 * would raise the available permits above the initial count throws {@link IllegalStateException} and changes nothing.
 *
 * <p><b>Memory consistency effects:</b> as for {@link Semaphore}.
 */
public final class BoundedSemaphore extends Semaphore {
    private final int initial;

    /**
     * A bounded semaphore with {@code permits} available at first, and never more.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public BoundedSemaphore(int permits) {
        super("BoundedSemaphore", null, permits, permits);
        this.initial = permits;
    }

    /**
     * A named bounded semaphore with {@code permits} available at first, and never more.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public BoundedSemaphore(String name, int permits) {
        super("BoundedSemaphore", Names.requireName("BoundedSemaphore", name), permits, permits);
        this.initial = permits;
    }

    /** The initial and maximum number of available permits. */
    public int maxPermits() {
        return initial;
    }

    @Override
    IllegalStateException overRelease() {
        return new IllegalStateException(label + ": release() would raise the permits above the initial " + initial
                + " (more releases than acquires)");
    }

    /** Name, permits and number of waiters, e.g. {@code BoundedSemaphore "db" [2 of 4 available, 0 waiting]}. */
    @Override
    public String toString() {
        return label + " [" + availablePermits() + " of " + initial + " available, " + queueLength() + " waiting]";
    }
}
