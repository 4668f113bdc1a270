package dev.lockstep.sync;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A condition variable bound to a {@link Mutex} ({@link Mutex#newCondition()}): threads that hold the mutex wait in it
 * until another thread that holds the mutex changes the state they wait for and signals. asyncio's {@code Condition},
 * with {@link #awaitUntil(BooleanSupplier)} as its {@code wait_for}.
 *
 * {@snippet :
 * try (Guard held = mutex.acquire()) {
 *     notEmpty.awaitUntil(() -> !items.isEmpty());   // re-checked after every wake-up
 *     item = items.removeFirst();
 * }
 * }
 *
 * <p><b>Fairness.</b> Waiters are signalled in the order they began to wait. A signalled waiter joins the tail of the
 * mutex's FIFO queue, so it runs after the threads already waiting for the mutex and after the signaller unlocks.
 *
 * <p><b>Interruption and timeouts.</b> Every await returns or throws holding the mutex again. An interruptible await
 * ends in one of three ways: signalled (returns {@code true}, or a positive remainder); the timeout passes first
 * (returns {@code false}, or a remainder of zero or less); or interrupted (throws {@link InterruptedException}, interrupt
 * status cleared). A waiter that was signalled and then interrupted before it returned throws, and passes the signal to
 * the next waiter, so the wake-up is never lost. Awaits throw at once if the thread is interrupted on entry.
 * {@link #awaitUninterruptibly()} keeps the interrupt status instead.
 *
 * <p><b>Ownership.</b> Every {@code await*}, {@code signal*} and {@code awaitUntil} requires the calling thread to hold
 * the mutex, else it throws {@link IllegalMonitorStateException} and changes nothing. Waiting releases the mutex fully.
 *
 * <p><b>Memory consistency effects:</b> as for the mutex: actions of a thread before it releases the mutex (by unlocking
 * or by starting to wait) happen-before the actions of the next thread that holds it, including a returning waiter.
 */
public interface Condition extends java.util.concurrent.locks.Condition {

    /**
     * Waits until {@code predicate} holds, checking it first (no wait if it already does) and again after each
     * wake-up, all while holding the mutex.
     *
     * @throws InterruptedException if interrupted while waiting; the mutex is held again
     * @throws IllegalMonitorStateException if the caller does not hold the mutex
     */
    void awaitUntil(BooleanSupplier predicate) throws InterruptedException;

    /**
     * Waits until {@code predicate} holds or {@code timeout} passes, checking it first.
     *
     * @return the predicate's value when the call ends: true if it holds
     * @throws InterruptedException if interrupted while waiting; the mutex is held again
     * @throws IllegalMonitorStateException if the caller does not hold the mutex
     */
    boolean awaitUntil(BooleanSupplier predicate, Duration timeout) throws InterruptedException;
}
