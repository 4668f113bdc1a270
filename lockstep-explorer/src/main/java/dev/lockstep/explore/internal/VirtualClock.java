package dev.lockstep.explore.internal;

import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The virtual time of one run: it stands still while any task can run and jumps to the next deadline when none can.
 * Tasks park on it ({@code Clock.sleep}, the timeouts of Lockstep's primitives) and Timeouts schedule their deadlines
 * on it. Touched by the carrier and by the running task, never at once.
 */
final class VirtualClock {
    /** The time now, in nanoseconds from the start of the run. */
    private long now;
    /** Pending deadlines, earliest first (ties in the order they were set). */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(4);
    private long seq;

    long now() {
        return now;
    }

    /**
     * Parks the running task {@code t} until {@code nanos} from now, or until it is unparked; like {@link
     * LockSupport#parkNanos}, it may return early.
     */
    void park(TaskState t, Object blocker, long nanos) {
        long when = nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
        Timer timer = new Timer(when, seq++, t, null);
        t.timer = timer;
        timers.add(timer);
        LockSupport.park(blocker);
        if (t.timer == timer) {
            timers.remove(timer);
            t.timer = null;
        }
    }

    /** Runs {@code action} on the carrier once the time reaches {@code when}; the handle's {@code run()} cancels it. */
    Runnable schedule(long when, Runnable action) {
        Timer timer = new Timer(when, seq++, null, action);
        timers.add(timer);
        return () -> timers.remove(timer);
    }

    /**
     * Runs {@code wake} (the JDK's wake-up of {@code t}, which just parked with a timeout) once the time has moved
     * {@code nanos} on; the handle cancels it, as the JDK does when the task is woken sooner.
     */
    VirtualTimeout wakeAfter(TaskState t, Runnable wake, long nanos) {
        long when = nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
        Timer timer = new Timer(when, seq++, null, wake);
        timers.add(timer);
        if (t != null) {
            t.timer = timer; // for the trace: it waits until then
        }
        return new VirtualTimeout(this, when, () -> {
            timers.remove(timer);
            if (t != null && t.timer == timer) {
                t.timer = null;
            }
        });
    }

    /** {@code t} was made runnable before its deadline: its timer is void. */
    void cancel(TaskState t) {
        if (t.timer != null) {
            timers.remove(t.timer);
            t.timer = null;
        }
    }

    /**
     * Nothing can run: moves the time to the next deadline and fires every timer due then (unparking its task or
     * running its action), telling {@code narrator} the new time first.
     *
     * @return false if no timer is set
     */
    boolean advance(Narrator narrator) {
        Timer first = timers.peek();
        if (first == null) {
            return false;
        }
        now = Math.max(now, first.deadline);
        narrator.time(now);
        while ((first = timers.peek()) != null && first.deadline <= now) {
            timers.poll();
            if (first.task != null) {
                first.task.timer = null;
                LockSupport.unpark(first.task.thread);
            } else {
                first.action.run();
            }
        }
        return true;
    }
}
