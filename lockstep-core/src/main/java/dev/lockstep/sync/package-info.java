/**
 * Asyncio-grade synchronization primitives for platform and virtual threads: {@link dev.lockstep.sync.Mutex},
 * {@link dev.lockstep.sync.Semaphore}, {@link dev.lockstep.sync.BoundedSemaphore}, {@link dev.lockstep.sync.Event},
 * {@link dev.lockstep.sync.Condition}, {@link dev.lockstep.sync.Barrier} and {@link dev.lockstep.sync.WorkQueue}.
 *
 * <p>All of them share three rules. Waiting parks the thread (a parked virtual thread holds no carrier). Waiters are
 * served strictly first-come first-served, with the resource handed directly to the longest waiter, so neither a
 * thread that releases and re-acquires at once nor a {@code try*} call ever overtakes a queued waiter. And an
 * interrupt is a cancellation: an interrupted waiter leaves the queue, and an interrupt that races with a hand-off
 * never leaks a permit or an item, never loses a wake-up and never lets two owners in; whichever came first wins, and
 * if the hand-off did, the call succeeds with the interrupt status still set.
 *
 * <p>Every blocking method throws {@link java.lang.InterruptedException} at once if the thread is interrupted on
 * entry, takes its timeout as a {@link java.time.Duration} (zero or negative: try once, {@code null}: {@link
 * java.lang.NullPointerException}), and measures it with {@link dev.lockstep.task.Clock}, so that the explorer can make
 * it virtual. Bad arguments and calls in the wrong state are refused with an exception whose message names the
 * primitive and the problem, and leave the primitive unchanged.
 */
package dev.lockstep.sync;
