package dev.lockstep.sync;

import dev.lockstep.internal.Durations;
import dev.lockstep.internal.GuardLock;
import dev.lockstep.internal.Names;
import dev.lockstep.internal.Parking;
import dev.lockstep.internal.WaitList;
import dev.lockstep.internal.Waiter;
import dev.lockstep.internal.hook.Hooks;
import dev.lockstep.internal.hook.Op;
import dev.lockstep.internal.hook.Probe;
import java.time.Duration;
import java.util.Objects;

/**
 * A flag that threads wait on until another thread sets it: asyncio's {@code Event}, the seed's traffic light for
 * "initialisation finished, go". Waiting parks, so a thousand waiting virtual threads hold no carrier.
 *
 * {@snippet :
 * Event ready = new Event("db-ready");
 * // each worker:
 * ready.await();               // parks until set(); returns at once if already set
 * query();
 * // the initialiser:
 * connect();
 * ready.set();                 // wakes every worker waiting now
 * }
 *
 * <p><b>Fairness.</b> {@link #set()} wakes every thread that is waiting at that moment, in the order they began to
 * wait, even if {@link #clear()} follows before they run: a set is never lost to a quick clear. Threads that start
 * waiting after the clear wait for the next set.
 *
 * <p><b>Interruption and timeouts.</b> A waiting {@link #await()} ends in one of these ways: the event is set (it
 * returns); the thread is interrupted first (it stops waiting and throws {@link InterruptedException}, interrupt status
 * cleared); or, for {@link #await(Duration)}, the timeout passes first (it returns {@code false}). A set that comes
 * before the interrupt is honoured: the call returns normally and the interrupt status stays set. Awaits throw at once
 * if the thread is interrupted on entry. Timeouts follow {@link dev.lockstep.task.Clock}; zero or negative means check
 * once.
 *
 * <p><b>Ownership.</b> None: any thread may set, clear or wait.
 *
 * <p><b>Memory consistency effects:</b> actions before {@code set()} happen-before the actions after an {@code await}
 * that returns because of that set, or that finds the event set.
 */
public final class Event {

    /*
     * Overview
     *
     * A volatile flag plus a FIFO of waiters, both changed only under the guard (reads of the flag need none). A waiter
     * queues only after seeing the flag clear under the guard; set() raises the flag and releases the whole queue in the
     * same guarded step. So a waiter either sees the flag or is in the queue that the next set() releases, and a clear()
     * can only affect waiters that arrive after it.
     *
     *   CLEAR --set()--> SET (waiters released) --clear()--> CLEAR
     */

    private final String name;
    private final String label;
    private final Probe creator = Hooks.creator(this);
    private final GuardLock guard = new GuardLock();
    /** Waiters for the next set(); empty whenever the flag is up. */
    private final WaitList queue = new WaitList();
    /** The flag; written under the guard, read anywhere. */
    private volatile boolean set;

    /** An unnamed event, initially clear. */
    public Event() {
        this.name = null;
        this.label = Names.describe("Event", null, this);
    }

    /** A named event, initially clear. */
    public Event(String name) {
        this.name = Names.requireName("Event", name);
        this.label = Names.describe("Event", name, this);
    }

    /** Sets the flag and wakes every thread waiting now; a no-op if already set. */
    public void set() {
        Hooks.point(creator, this, Op.SET);
        if (set) {
            return;
        }
        Waiter woken;
        guard.lock();
        try {
            set = true;
            woken = queue.releaseAll(Waiter.GRANTED);
        } finally {
            guard.unlock();
        }
        WaitList.unparkAll(woken);
    }

    /** Clears the flag; threads that wait from now on wait for the next {@link #set()}. */
    public void clear() {
        Hooks.point(creator, this, Op.CLEAR);
        if (!set) {
            return;
        }
        guard.lock();
        try {
            set = false;
        } finally {
            guard.unlock();
        }
    }

    /** Whether the flag is up right now. */
    public boolean isSet() {
        return set;
    }

    /** Waits until the event is set; returns at once if it already is. */
    public void await() throws InterruptedException {
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.AWAIT);
        if (!set) {
            int r = awaitSlow(false, 0L);
            if (r != Waiter.GRANTED) {
                throw Parking.interruption(r, this);
            }
        }
    }

    /**
     * Waits at most {@code timeout} for the event to be set.
     *
     * @param timeout how long to wait; zero or negative checks once
     * @return true if the event was set (or already was), false if the timeout passed first
     */
    public boolean await(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, () -> label + ": await timeout must not be null");
        long nanos = Durations.saturatedNanos(timeout);
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.AWAIT);
        if (set) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        int r = awaitSlow(true, Parking.deadline(nanos));
        if (r == Parking.TIMED_OUT) {
            return false;
        }
        if (r != Waiter.GRANTED) {
            throw Parking.interruption(r, this);
        }
        return true;
    }

    /** The number of threads waiting for the next set (an estimate while they come and go). */
    public int queueLength() {
        return queue.size();
    }

    /** The name given at construction, or {@code Event@hash} when none was. */
    public String name() {
        return name != null ? name : label;
    }

    /** Name, flag and number of waiters, e.g. {@code Event "db-ready" [clear, 4 waiting]}. */
    @Override
    public String toString() {
        return label + " [" + (set ? "set" : "clear") + ", " + queueLength() + " waiting]";
    }

    private int awaitSlow(boolean timed, long deadline) {
        Waiter w;
        guard.lock();
        try {
            if (set) {
                return Waiter.GRANTED;
            }
            w = new Waiter(Thread.currentThread());
            queue.add(w);
        } finally {
            guard.unlock();
        }
        int r = Parking.await(w, Waiter.WAITING, this, true, timed, deadline);
        if (r == Waiter.GRANTED) {
            return r;
        }
        // Set before the interrupt was seen: honour the set, keep the status.
        return queue.giveUp(guard, w, r, null) ? r : Waiter.GRANTED;
    }
}
