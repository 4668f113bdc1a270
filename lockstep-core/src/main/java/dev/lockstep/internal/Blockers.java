package dev.lockstep.internal;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * What a parked thread waits on, recognised by identity (the object, its class, its package), never by its name or
 * its text: Lockstep's own waits, {@code java.util.concurrent}'s synchronizers, a sleep, a join.
 */
public final class Blockers {
    private Blockers() {}

    /** The blocker of {@code Clock.sleep}: a sleeping thread parks on it, so thread dumps and traces can tell. */
    public static final Object SLEEP = new Sleep();

    private static final Package SYNC = dev.lockstep.sync.Mutex.class.getPackage();
    private static final Package TASK = dev.lockstep.task.Loop.class.getPackage();
    private static final Package JUC = java.util.concurrent.CountDownLatch.class.getPackage();
    private static final Package JUC_LOCKS = java.util.concurrent.locks.LockSupport.class.getPackage();

    /** Whether a thread parked on {@code blocker} is in one of Lockstep's own waits, which honour Timeouts themselves. */
    public static boolean isLockstepWait(Object blocker) {
        if (blocker == null) {
            return false;
        }
        Package p = blocker.getClass().getPackage();
        return p == SYNC || p == TASK || blocker == SLEEP;
    }

    /**
     * Whether {@code blocker} is a {@code java.util.concurrent} synchronizer (a lock's or latch's internal state, a
     * condition, a queue, a future): only threads that use the same object can wake its waiters.
     */
    public static boolean isJdkSynchronizer(Object blocker) {
        if (blocker == null) {
            return false;
        }
        Package p = blocker.getClass().getPackage();
        return p == JUC || p == JUC_LOCKS;
    }

    /** The thread among {@code candidates} that {@code waiter} is joining ({@code Thread.join}), or null. */
    public static Thread joinTarget(Thread waiter, List<Thread> candidates) {
        Object blocker = LockSupport.getBlocker(waiter);
        if (blocker == null) {
            return null;
        }
        for (Thread c : candidates) {
            if (c != waiter && VThreads.joinBlocker(c) == blocker) {
                return c;
            }
        }
        return null;
    }

    private static final class Sleep {
        @Override
        public String toString() {
            return "Clock.sleep";
        }
    }
}
