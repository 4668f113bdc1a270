package dev.lockstep.sync;

import dev.lockstep.internal.Durations;
import dev.lockstep.internal.GuardLock;
import dev.lockstep.internal.ItemWaiter;
import dev.lockstep.internal.Names;
import dev.lockstep.internal.Parking;
import dev.lockstep.internal.WaitList;
import dev.lockstep.internal.Waiter;
import dev.lockstep.internal.hook.Hooks;
import dev.lockstep.internal.hook.Op;
import dev.lockstep.internal.hook.Probe;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A meeting point for a fixed number of threads: each {@link #await()} waits until {@code parties} threads have
 * arrived, then all of them go on together and the barrier is ready for the next round. asyncio's {@code Barrier}.
 *
 * {@snippet :
 * Barrier round = new Barrier(3);
 * // each of 3 workers, every round:
 * computePart();
 * int index = round.await();      // 0, 1 or 2: the order of arrival
 * if (index == 2) publish();      // exactly one of them, the last to arrive
 * }
 *
 * <p><b>Fairness.</b> Arrival indexes are handed out in arrival order, from 0 to {@code parties - 1}; the thread whose
 * arrival completes the round gets {@code parties - 1} and never waits. Threads that arrive after a round completed
 * belong to the next round.
 *
 * <p><b>Interruption and timeouts.</b> A waiting {@code await} ends in one of four ways: the round completes (it
 * returns its index); the barrier is {@linkplain #reset() reset} or {@linkplain #abort() aborted} (it throws {@link
 * BrokenBarrierException}); the thread is interrupted (it throws {@link InterruptedException}, interrupt status
 * cleared); or, for {@link #await(Duration)}, the timeout passes ({@link TimeoutException}). An interrupted or timed-out
 * thread just leaves: the count of waiting threads goes down and the barrier is <em>not</em> broken, unlike
 * {@link java.util.concurrent.CyclicBarrier}. If the round completed before the interrupt was seen, the call returns its
 * index and the interrupt status stays set. Awaits throw at once if interrupted on entry. A zero or negative timeout
 * only succeeds if this arrival completes the round.
 *
 * <p><b>Ownership.</b> None.
 *
 * <p><b>Memory consistency effects:</b> actions of each thread before its {@code await} happen-before the actions of
 * every thread after its {@code await} returns for the same round.
 */
public final class Barrier {

    /*
     * Overview
     *
     * The waiters of the current round are the queue. An arrival that makes the queue reach parties - 1 completes the
     * round: under the guard it numbers the waiters in FIFO order, releases them all, and returns parties - 1. A waiter
     * that leaves removes itself, so the count of the round goes down. reset() and abort() release the queue with
     * BROKEN; abort() also raises the broken flag, which makes every later await fail until reset() lowers it.
     *
     *   FILLING --last arrival--> (released) FILLING        FILLING --abort()--> BROKEN --reset()--> FILLING
     */

    private final String label;
    private final int parties;
    private final Probe creator = Hooks.creator(this);
    private final GuardLock guard = new GuardLock();
    /** The waiters of the current round, in arrival order. */
    private final WaitList queue = new WaitList();
    /** Set by abort() until reset(); written under the guard. */
    private volatile boolean broken;

    /**
     * A barrier for {@code parties} threads.
     *
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(int parties) {
        this(null, parties);
    }

    /**
     * A named barrier for {@code parties} threads.
     *
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(String name, int parties) {
        this.label = Names.describe("Barrier", name, this);
        if (parties < 1) {
            throw new IllegalArgumentException((name == null ? "Barrier" : label) + ": parties must be >= 1, got "
                    + parties);
        }
        this.parties = parties;
    }

    /**
     * Waits until {@code parties} threads have arrived.
     *
     * @return this thread's arrival index, 0 for the first and {@code parties - 1} for the last
     * @throws BrokenBarrierException if the barrier is broken, or is reset or aborted while this thread waits
     * @throws InterruptedException if interrupted on entry or while waiting (this thread left the round)
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return doAwait(false, 0L);
        } catch (TimeoutException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Waits at most {@code timeout} for the round to complete.
     *
     * @return this thread's arrival index
     * @throws TimeoutException if the timeout passed first (this thread left the round; the barrier is not broken)
     * @throws BrokenBarrierException if the barrier is broken, or is reset or aborted while this thread waits
     * @throws InterruptedException if interrupted on entry or while waiting (this thread left the round)
     */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        Objects.requireNonNull(timeout, () -> label + ": await timeout must not be null");
        return doAwait(true, Durations.saturatedNanos(timeout));
    }

    /** Breaks the current round (its waiters get {@link BrokenBarrierException}) and makes the barrier usable again. */
    public void reset() {
        Hooks.point(creator, this, Op.RESET);
        Waiter released;
        guard.lock();
        try {
            broken = false;
            released = queue.releaseAll(Waiter.BROKEN);
        } finally {
            guard.unlock();
        }
        WaitList.unparkAll(released);
    }

    /** Breaks the barrier for its current waiters and for every later {@code await}, until {@link #reset()}. */
    public void abort() {
        Hooks.point(creator, this, Op.ABORT);
        Waiter released;
        guard.lock();
        try {
            broken = true;
            released = queue.releaseAll(Waiter.BROKEN);
        } finally {
            guard.unlock();
        }
        WaitList.unparkAll(released);
    }

    /** Whether the barrier is aborted (and not yet reset). */
    public boolean isBroken() {
        return broken;
    }

    /** The number of threads each round needs. */
    public int parties() {
        return parties;
    }

    /** The number of threads waiting in the current round. */
    public int waiting() {
        return queue.size();
    }

    /** Name, state and counts, e.g. {@code Barrier "round" [1 of 3 waiting]}. */
    @Override
    public String toString() {
        return label + " [" + (broken ? "broken, " : "") + waiting() + " of " + parties + " waiting]";
    }

    private int doAwait(boolean timed, long nanos)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.AWAIT);
        ItemWaiter w;
        Waiter released;
        guard.lock();
        try {
            if (broken) {
                throw brokenException();
            }
            if (queue.size() + 1 < parties) {
                if (timed && nanos <= 0) {
                    throw new TimeoutException(label + ": round not complete and no time to wait");
                }
                w = new ItemWaiter(Thread.currentThread());
                queue.add(w);
                released = null;
            } else {
                int[] next = {0};
                queue.forEach(x -> ((ItemWaiter) x).index = next[0]++);
                released = queue.releaseAll(Waiter.GRANTED);
                w = null;
            }
        } finally {
            guard.unlock();
        }
        if (w == null) {
            WaitList.unparkAll(released);
            return parties - 1;
        }
        int r = Parking.await(w, Waiter.WAITING, this, true, timed, timed ? Parking.deadline(nanos) : 0L);
        // If the round completed or broke first, report that, keeping the interrupt status.
        if (r < 0 && queue.giveUp(guard, w, r, null)) {
            if (r == Parking.TIMED_OUT) {
                throw new TimeoutException(label + ": round not complete within the timeout");
            }
            throw Parking.interruption(r, this);
        }
        if (w.status == Waiter.BROKEN) {
            throw brokenException();
        }
        return w.index;
    }

    private BrokenBarrierException brokenException() {
        return new BrokenBarrierException(label + " is broken (reset or aborted)");
    }
}
