package dev.lockstep.internal;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The short internal lock that guards a primitive's queues. It is held only for a few field updates, never across a
 * park or a hook call, so under the explorer or on a Loop it is never contended.
 */
public final class GuardLock extends AbstractQueuedSynchronizer {

    public void lock() {
        if (!compareAndSetState(0, 1)) {
            acquire(1);
        }
    }

    public void unlock() {
        release(1);
    }

    @Override
    protected boolean tryAcquire(int ignored) {
        return compareAndSetState(0, 1);
    }

    @Override
    protected boolean tryRelease(int ignored) {
        setState(0);
        return true;
    }
}
