package dev.lockstep.sync;

import dev.lockstep.internal.Barging;
import dev.lockstep.internal.CloseOnce;
import dev.lockstep.internal.Durations;
import dev.lockstep.internal.GuardLock;
import dev.lockstep.internal.Names;
import dev.lockstep.internal.PaddedInt;
import dev.lockstep.internal.Parking;
import dev.lockstep.internal.WaitList;
import dev.lockstep.internal.Waiter;
import dev.lockstep.internal.hook.Hooks;
import dev.lockstep.internal.hook.Op;
import dev.lockstep.internal.hook.Probe;
import java.time.Duration;
import java.util.Objects;

/**
 * A counter of permits that limits how many threads do something at once: asyncio's {@code Semaphore}, for throttling
 * (at most 10 calls in flight to an API) rather than for exclusion.
 *
 * {@snippet :
 * Semaphore api = new Semaphore("api", 10);
 * try (Guard permit = api.permit()) {
 *     return client.send(request);     // at most 10 threads are here at any moment
 * }
 * }
 *
 * <p><b>Fairness.</b> Strict FIFO with direct hand-off: {@link #release()} gives the permit to the longest waiter
 * before it returns, so a permit never looks available while anyone waits; a thread that releases and at once acquires
 * again queues behind the waiters, and {@link #tryAcquire()} fails whenever anyone is queued. Built with {@code fair =
 * false} ({@link #Semaphore(String, int, boolean)}), as {@code java.util.concurrent.Semaphore}'s default, it is
 * unfair: a release returns the permit to the count and wakes the longest waiter, which competes for it with threads
 * just arriving; an arriving {@code acquire} or {@code tryAcquire} takes a free permit even while others wait. That
 * trades order for throughput: waiters are still woken in arrival order, but an arrival may overtake them, again and
 * again under steady load. Everything else below holds in both modes.
 *
 * <p><b>Interruption and timeouts.</b> A waiting {@link #acquire()}, {@link #permit()} or timed {@link
 * #tryAcquire(Duration)} ends in one of three ways: a permit is handed over (it returns holding it); the thread is
 * interrupted first (it leaves the queue and throws {@link InterruptedException}, interrupt status cleared); or the
 * timeout passes first (it leaves the queue and returns {@code false}). An interrupt or timeout that arrives after the
 * hand-off loses the race: the call returns with the permit and the interrupt status still set, so no permit is ever
 * leaked to a thread that has gone. These methods also throw at once if interrupted on entry. {@link
 * #acquireUninterruptibly()} ignores interrupts while it waits and keeps the status. Timeouts follow {@link
 * dev.lockstep.task.Clock} (virtual under the explorer); zero or negative means try once.
 *
 * <p><b>Ownership.</b> Permits are counted, not owned: any thread may release. A plain {@code Semaphore} lets releases
 * exceed acquires (its count only refuses to overflow {@code Integer.MAX_VALUE}); {@link BoundedSemaphore} refuses
 * that, which catches a release on the wrong path.
 *
 * <p><b>Memory consistency effects:</b> actions before {@code release()} happen-before the actions after a successful
 * acquire that obtains that permit, directly or through the count.
 */
public class Semaphore {

    /*
     * Overview
     *
     * state >= 0: that many permits are available and nobody waits (changed by CAS, no guard needed).
     * state == QUEUED: no permit is available and the queue is non-empty (entered and left only under the guard).
     *
     *   acquire: CAS state -> state-1 while state > 0; otherwise, under the guard, move 0 -> QUEUED and queue up.
     *   release: CAS state -> state+1 while state >= 0; otherwise, under the guard, hand the permit to the head of the
     *            queue, moving QUEUED -> 0 when that empties it. A waiter that gives up removes itself and does the same.
     *
     * Because a permit is never counted while someone waits, a barging acquire cannot take it: the hand-off is FIFO
     * by construction.
     */

    private static final int QUEUED = -1;

    private final String name;
    /** {@code Semaphore "name"} or {@code Semaphore@hash}, for messages and traces. */
    final String label;
    private final Probe creator = Hooks.creator(this);
    private final GuardLock guard = new GuardLock();
    /** Threads waiting for a permit, FIFO; non-empty only while state == QUEUED. */
    private final WaitList queue = new WaitList();
    /** Available permits, or QUEUED; on a cache line of its own (see PaddedInt). */
    private final PaddedInt state;
    /** Releases may not raise the available permits beyond this; Integer.MAX_VALUE for a plain semaphore. */
    private final int bound;
    /** Null for the default FIFO hand-off; the waiting side of an unfair semaphore, whose state is never QUEUED. */
    private final Barging barging;

    /**
     * A semaphore with {@code permits} available at first.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(int permits) {
        this("Semaphore", null, permits, Integer.MAX_VALUE);
    }

    /**
     * A named semaphore with {@code permits} available at first.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(String name, int permits) {
        this("Semaphore", Names.requireName("Semaphore", name), permits, Integer.MAX_VALUE);
    }

    /**
     * A semaphore with {@code permits} available at first, FIFO if {@code fair} (the default of the other
     * constructors), else unfair: see the class description.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(int permits, boolean fair) {
        this("Semaphore", null, permits, Integer.MAX_VALUE, fair);
    }

    /**
     * A named semaphore with {@code permits} available at first, FIFO if {@code fair} (the default of the other
     * constructors), else unfair: see the class description.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(String name, int permits, boolean fair) {
        this("Semaphore", Names.requireName("Semaphore", name), permits, Integer.MAX_VALUE, fair);
    }

    /** For {@link BoundedSemaphore}: {@code bound} is the initial count that releases may not exceed. */
    Semaphore(String kind, String name, int permits, int bound) {
        this(kind, name, permits, bound, true);
    }

    private Semaphore(String kind, String name, int permits, int bound, boolean fair) {
        if (permits < 0) {
            throw new IllegalArgumentException((name == null ? kind : Names.describe(kind, name, this))
                    + ": permits must be >= 0, got " + permits);
        }
        this.name = name;
        this.label = Names.describe(kind, name, this);
        this.state = new PaddedInt(permits);
        this.bound = bound;
        this.barging = fair ? null : new Barging(guard, queue, () -> state.get() > 0);
    }

    /** Takes a permit, waiting until one is handed over or the thread is interrupted. */
    public void acquire() throws InterruptedException {
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.ACQUIRE);
        if (!tryTake()) {
            int r = acquireSlow(true, false, 0L);
            if (r != Waiter.GRANTED) {
                throw Parking.interruption(r, this);
            }
        }
        Hooks.acquired(this);
    }

    /** Takes a permit, waiting as long as it takes; interrupts do not end the wait and stay set. */
    public void acquireUninterruptibly() {
        Hooks.point(creator, this, Op.ACQUIRE);
        if (!tryTake()) {
            acquireSlow(false, false, 0L);
        }
        Hooks.acquired(this);
    }

    /**
     * Takes a permit only if one is available, which implies that nobody is queued.
     *
     * @return true if the caller took a permit
     */
    public boolean tryAcquire() {
        Hooks.point(creator, this, Op.TRY_ACQUIRE);
        if (tryTake()) {
            Hooks.acquired(this);
            return true;
        }
        return false;
    }

    /**
     * Takes a permit, waiting at most {@code timeout} in the queue.
     *
     * @param timeout how long to wait; zero or negative tries once without waiting
     * @return true if the caller took a permit, false if the timeout passed first
     * @throws InterruptedException if interrupted on entry or while waiting (no permit is taken)
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, () -> label + ": tryAcquire timeout must not be null");
        long nanos = Durations.saturatedNanos(timeout);
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.TRY_ACQUIRE);
        if (!tryTake()) {
            if (nanos <= 0) {
                return false;
            }
            int r = acquireSlow(true, true, Parking.deadline(nanos));
            if (r == Parking.TIMED_OUT) {
                return false;
            }
            if (r != Waiter.GRANTED) {
                throw Parking.interruption(r, this);
            }
        }
        Hooks.acquired(this);
        return true;
    }

    /** {@linkplain #acquire() Acquires} a permit and returns a guard whose {@code close()} releases it, once. */
    public Guard permit() throws InterruptedException {
        acquire();
        return new Permit();
    }

    /**
     * Gives a permit back: to the longest waiter if there is one, else to the count (unfair: to the count, waking
     * the longest waiter to compete for it).
     *
     * @throws IllegalStateException if the count would overflow, or for a {@link BoundedSemaphore}, exceed its
     *     initial value; the count is unchanged
     */
    public void release() {
        Hooks.point(creator, this, Op.RELEASE);
        if (barging != null) {
            for (;;) {
                int s = state.get();
                if (s >= bound) {
                    throw overRelease();
                }
                if (state.compareAndSet(s, s + 1)) {
                    break;
                }
            }
            Hooks.released(this);
            barging.released(); // the permit is in the count: the longest waiter competes for it with arrivals
            return;
        }
        for (;;) {
            int s = state.get();
            if (Math.max(s, 0) >= bound) {
                throw overRelease();
            }
            if (s >= 0) {
                if (state.compareAndSet(s, s + 1)) {
                    break;
                }
                continue;
            }
            Waiter next = null;
            guard.lock();
            try {
                if (state.get() == QUEUED) {
                    next = queue.poll();
                    if (queue.isEmpty()) {
                        state.set(0);
                    }
                    next.status = Waiter.GRANTED;
                }
            } finally {
                guard.unlock();
            }
            if (next != null) {
                Hooks.released(this);
                next.wake();
                Hooks.handedOff(this, next.thread);
                return;
            }
            // Every waiter gave up meanwhile: the permit goes to the count.
        }
        Hooks.released(this);
    }

    /** The number of permits available right now (zero while anyone waits). */
    public int availablePermits() {
        return Math.max(state.get(), 0);
    }

    /** The number of threads waiting for a permit (an estimate while they come and go). */
    public int queueLength() {
        return queue.size();
    }

    /** The name given at construction, or {@code Semaphore@hash} when none was. */
    public String name() {
        return name != null ? name : label;
    }

    /** Name, permits and number of waiters, e.g. {@code Semaphore "api" [0 available, 3 waiting]}. */
    @Override
    public String toString() {
        return label + " [" + availablePermits() + " available, " + queueLength() + " waiting]";
    }

    IllegalStateException overRelease() {
        return new IllegalStateException(label + ": release() would overflow the permit count");
    }

    private boolean tryTake() {
        for (int s = state.get(); s > 0; s = state.get()) {
            if (state.compareAndSet(s, s - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Queues the caller and waits; returns GRANTED (caller has a permit) or the Parking outcome that ended it. */
    private int acquireSlow(boolean interruptible, boolean timed, long deadline) {
        if (barging != null) {
            return barging.await(this::tryTake, this, interruptible, timed, deadline);
        }
        Waiter w;
        guard.lock();
        try {
            for (;;) {
                int s = state.get();
                if (s > 0) {
                    if (state.compareAndSet(s, s - 1)) {
                        return Waiter.GRANTED;
                    }
                } else if (s == QUEUED || state.compareAndSet(0, QUEUED)) {
                    break;
                }
            }
            w = new Waiter(Thread.currentThread());
            queue.addSpinning(w, null);
        } finally {
            guard.unlock();
        }
        int r = Parking.await(w, Waiter.WAITING, this, interruptible, timed, deadline);
        if (r == Waiter.GRANTED) {
            return r;
        }
        // Handed a permit while giving up: keep both the permit and the interrupt.
        return queue.giveUp(guard, w, r, this::leftQueue) ? r : Waiter.GRANTED;
    }

    /** Under the guard, after a waiter gave up: with nobody queued, no permit is free either. */
    private void leftQueue() {
        if (queue.isEmpty()) {
            state.set(0);
        }
    }

    /** The guard returned by {@link #permit()}. */
    private final class Permit extends CloseOnce {
        @Override
        protected String label() {
            return "Permit of " + label;
        }

        @Override
        protected void release() {
            Semaphore.this.release();
        }
    }
}
