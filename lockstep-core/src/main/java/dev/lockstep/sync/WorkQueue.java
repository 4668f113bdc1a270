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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A queue for passing work between threads, with asyncio's {@code Queue} semantics: bounded or unbounded, FIFO, LIFO or
 * priority order, {@link #taskDone()}/{@link #join()} to wait until every item has been processed, and {@link
 * #shutdown()} to stop producers and let consumers drain. The seed's advice made concrete: share data by passing
 * messages, not by sharing variables.
 *
 * {@snippet :
 * WorkQueue<Job> jobs = WorkQueue.fifo(128);
 * // each consumer:
 * for (;;) {
 *     Job job = jobs.take();          // QueueShutdownException once shut down and drained
 *     try { job.run(); } finally { jobs.taskDone(); }
 * }
 * // the producer:
 * for (Job j : batch) jobs.put(j);    // waits while the queue is full
 * jobs.join();                        // until every job has been marked done
 * jobs.shutdown();
 * }
 *
 * <p><b>Fairness.</b> Waiting takers are served in the order they began to wait, and so are waiting putters; an item
 * put while a taker waits is handed to the longest-waiting taker directly. {@link #offer(Object)} and {@link #poll()}
 * never overtake a waiting thread: a waiting taker means the queue is empty, a waiting putter means it is full. Items
 * leave in FIFO order, LIFO order, or by the comparator (ties in FIFO order), as the factory chose.
 *
 * <p><b>Interruption and timeouts.</b> A waiting {@code put}, {@code take}, timed {@code offer}/{@code poll} or
 * {@code join} ends in one of these ways: it is served (returns); the queue shuts down ({@link
 * QueueShutdownException}); the thread is interrupted (it leaves the queue and throws {@link InterruptedException},
 * interrupt status cleared); or the timeout passes ({@code false} or {@code null}). A waiter that was served before its
 * interrupt was seen returns normally with the interrupt status still set: a taker returns the item that was handed to
 * it, so no item is ever lost, and a putter's item is in the queue. An interrupted putter whose item was not accepted
 * still owns it. These methods also throw at once if interrupted on entry. Timeouts follow {@link
 * dev.lockstep.task.Clock}; zero or negative means try once.
 *
 * <p><b>Shutdown.</b> After {@link #shutdown()}, {@code put} and {@code offer} throw at once, waiting putters throw
 * (their items were not accepted), and {@code take}/{@code poll} drain what is left and then throw. {@link
 * #shutdownNow()} also removes and returns what is left, and lowers the unfinished count by that many.
 *
 * <p><b>Ownership.</b> None: any thread may put, take, mark done or shut down. {@link #taskDone()} more often than items
 * were put is refused with {@link IllegalStateException}.
 *
 * <p><b>Memory consistency effects:</b> actions before putting an item happen-before the actions after taking it, and
 * actions before a {@code taskDone()} that brings the count to zero happen-before the return of {@code join()}.
 *
 * @param <E> the type of the items
 */
public final class WorkQueue<E> {

    /*
     * Overview
     *
     * One guard protects everything: the stored items, the three waiter lists and the two counts (like
     * ArrayBlockingQueue's single lock, but with direct hand-off). Invariants under the guard:
     *   takers non-empty  => no item is stored        (an item put then goes straight to the head taker)
     *   putters non-empty => the queue is full        (a take then moves the head putter's item in)
     *   unfinished >= 0, and the joiners are released the moment it reaches 0
     * Because waiters of one kind exist only in the state where the try* form of the operation fails, offer() and poll()
     * can never overtake them.
     *
     *   OPEN --shutdown()--> SHUT DOWN (draining: take/poll serve what is left, then throw)
     *   OPEN --shutdownNow()--> SHUT DOWN (empty: what was left is returned to the caller)
     */

    private static final int FIFO = 0, LIFO = 1, PRIORITY = 2;
    /** Returned by offerLocked when the item was stored rather than handed to a taker. */
    private static final Waiter STORED = new Waiter(null);

    private final int mode;
    private final int capacity;
    /**
     * FIFO and LIFO storage: a ring of {@code count} items from {@code head}, grown by doubling up to the capacity. Kept
     * in this object rather than an ArrayDeque so that a put and a take on two cores share one cache line of counts,
     * not two (measured: 1 putter and 1 taker on virtual threads, about 0.7x of ArrayBlockingQueue before).
     */
    private Object[] ring;
    /** Index of the oldest item in {@link #ring}; guarded. */
    private int head;
    /** PRIORITY storage; entries carry their arrival number so that equal items leave in FIFO order. */
    private final PriorityQueue<Entry<E>> heap;
    private final Probe creator = Hooks.creator(this);
    private final GuardLock guard = new GuardLock();
    private final WaitList takers = new WaitList();
    private final WaitList putters = new WaitList();
    private final WaitList joiners = new WaitList();
    /** Arrival counter for PRIORITY ties; guarded. */
    private long arrivals;
    /** Items stored; written under the guard, read opaquely by size(). */
    private int count;
    /** Items put and not yet marked done; written under the guard, read opaquely by unfinishedTasks(). */
    private int unfinished;
    private volatile boolean shutdown;
    private volatile String name;
    private volatile String label;

    private record Entry<E>(E element, long arrival) {}

    private WorkQueue(int mode, int capacity, Comparator<? super E> order) {
        this.label = Names.describe("WorkQueue", null, this);
        if (capacity < 1) {
            throw new IllegalArgumentException("WorkQueue: capacity must be >= 1, got " + capacity);
        }
        this.mode = mode;
        this.capacity = capacity;
        if (mode == PRIORITY) {
            Comparator<Entry<E>> byElement = (a, b) -> order.compare(a.element(), b.element());
            this.heap = new PriorityQueue<>(byElement.thenComparingLong(Entry::arrival));
            this.ring = null;
        } else {
            this.ring = new Object[Math.min(capacity, 16)];
            this.heap = null;
        }
    }

    /** An unbounded queue whose items leave in the order they were put. */
    public static <E> WorkQueue<E> fifo() {
        return new WorkQueue<>(FIFO, Integer.MAX_VALUE, null);
    }

    /**
     * A queue of at most {@code capacity} items that leave in the order they were put.
     *
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public static <E> WorkQueue<E> fifo(int capacity) {
        return new WorkQueue<>(FIFO, capacity, null);
    }

    /** An unbounded queue whose newest item leaves first. */
    public static <E> WorkQueue<E> lifo() {
        return new WorkQueue<>(LIFO, Integer.MAX_VALUE, null);
    }

    /**
     * A queue of at most {@code capacity} items whose newest item leaves first.
     *
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public static <E> WorkQueue<E> lifo(int capacity) {
        return new WorkQueue<>(LIFO, capacity, null);
    }

    /** An unbounded queue whose least item by {@code order} leaves first; equal items leave in the order put. */
    public static <E> WorkQueue<E> priority(Comparator<? super E> order) {
        Objects.requireNonNull(order, "WorkQueue: priority order must not be null");
        return new WorkQueue<>(PRIORITY, Integer.MAX_VALUE, order);
    }

    /**
     * A queue of at most {@code capacity} items whose least item by {@code order} leaves first.
     *
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public static <E> WorkQueue<E> priority(int capacity, Comparator<? super E> order) {
        Objects.requireNonNull(order, "WorkQueue: priority order must not be null");
        return new WorkQueue<>(PRIORITY, capacity, order);
    }

    /** Names this queue for messages, traces and {@link #toString()}; call it before sharing the queue. */
    public WorkQueue<E> named(String name) {
        this.label = Names.describe("WorkQueue", Names.requireName("WorkQueue", name), this);
        this.name = name;
        return this;
    }

    /**
     * Puts {@code e}, waiting while the queue is full.
     *
     * @throws QueueShutdownException if the queue is shut down, before or while waiting ({@code e} was not put)
     * @throws InterruptedException if interrupted on entry or while waiting ({@code e} was not put)
     */
    public void put(E e) throws InterruptedException {
        Objects.requireNonNull(e, () -> label + ": put element must not be null");
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.PUT);
        insert(e, "put()", true, false, 0L);
    }

    /**
     * Puts {@code e} if there is room now.
     *
     * @return false if the queue is full
     * @throws QueueShutdownException if the queue is shut down
     */
    public boolean offer(E e) {
        Objects.requireNonNull(e, () -> label + ": offer element must not be null");
        Hooks.point(creator, this, Op.OFFER);
        try {
            return insert(e, "offer()", false, false, 0L);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Puts {@code e}, waiting at most {@code timeout} for room.
     *
     * @return false if the timeout passed first ({@code e} was not put)
     * @throws QueueShutdownException if the queue is shut down, before or while waiting
     */
    public boolean offer(E e, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(e, () -> label + ": offer element must not be null");
        Objects.requireNonNull(timeout, () -> label + ": offer timeout must not be null");
        long nanos = Durations.saturatedNanos(timeout);
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.OFFER);
        return insert(e, "offer(e, timeout)", nanos > 0, true, nanos);
    }

    /**
     * Takes the next item, waiting while the queue is empty.
     *
     * @throws QueueShutdownException if the queue is shut down and empty, before or while waiting
     */
    public E take() throws InterruptedException {
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.TAKE);
        return extract("take()", true, false, 0L);
    }

    /**
     * Takes the next item if there is one.
     *
     * @return the item, or null if the queue is empty
     * @throws QueueShutdownException if the queue is shut down and empty
     */
    public E poll() {
        Hooks.point(creator, this, Op.POLL);
        try {
            return extract("poll()", false, false, 0L);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Takes the next item, waiting at most {@code timeout} for one.
     *
     * @return the item, or null if the timeout passed first
     * @throws QueueShutdownException if the queue is shut down and empty, before or while waiting
     */
    public E poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, () -> label + ": poll timeout must not be null");
        long nanos = Durations.saturatedNanos(timeout);
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.POLL);
        return extract("poll(timeout)", nanos > 0, true, nanos);
    }

    /**
     * Marks one item as processed; when every item put has been marked, {@link #join()} returns.
     *
     * @throws IllegalStateException if called more often than items were put (the count is unchanged)
     */
    public void taskDone() {
        Hooks.point(creator, this, Op.TASK_DONE);
        Waiter released = null;
        guard.lockSpinning();
        try {
            if (unfinished == 0) {
                throw new IllegalStateException(label + ": taskDone() called more often than items were put");
            }
            setUnfinished(unfinished - 1);
            if (unfinished == 0) {
                released = joiners.releaseAll(Waiter.GRANTED);
            }
        } finally {
            guard.unlock();
        }
        WaitList.unparkAll(released);
    }

    /** Waits until every item put has been marked {@linkplain #taskDone() done}; returns at once if none is pending. */
    public void join() throws InterruptedException {
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.JOIN);
        awaitDone(false, 0L);
    }

    /**
     * Waits at most {@code timeout} until every item put has been marked done.
     *
     * @return false if the timeout passed first
     */
    public boolean join(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, () -> label + ": join timeout must not be null");
        long nanos = Durations.saturatedNanos(timeout);
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.JOIN);
        return awaitDone(true, nanos);
    }

    /**
     * Shuts the queue down: later and waiting {@code put}/{@code offer} calls throw, and {@code take}/{@code poll}
     * throw once what is left has been taken. Waiting takers wake if the queue is empty. A second call does nothing.
     */
    public void shutdown() {
        Hooks.point(creator, this, Op.SHUTDOWN);
        Waiter putWoken;
        Waiter takeWoken = null;
        guard.lockSpinning();
        try {
            shutdown = true;
            putWoken = putters.releaseAll(Waiter.SHUT_DOWN);
            if (count == 0) {
                takeWoken = takers.releaseAll(Waiter.SHUT_DOWN);
            }
        } finally {
            guard.unlock();
        }
        WaitList.unparkAll(putWoken);
        WaitList.unparkAll(takeWoken);
    }

    /**
     * Shuts the queue down and removes what is left, lowering the unfinished count by that many (joiners wake if it
     * reaches zero).
     *
     * @return the items that were left, in the order they would have been taken
     */
    public List<E> shutdownNow() {
        Hooks.point(creator, this, Op.SHUTDOWN_NOW);
        List<E> left = new ArrayList<>();
        Waiter putWoken, takeWoken, joinWoken = null;
        guard.lockSpinning();
        try {
            shutdown = true;
            while (count > 0) {
                left.add(removeLocked());
            }
            setUnfinished(Math.max(0, unfinished - left.size()));
            putWoken = putters.releaseAll(Waiter.SHUT_DOWN);
            takeWoken = takers.releaseAll(Waiter.SHUT_DOWN);
            if (unfinished == 0) {
                joinWoken = joiners.releaseAll(Waiter.GRANTED);
            }
        } finally {
            guard.unlock();
        }
        WaitList.unparkAll(putWoken);
        WaitList.unparkAll(takeWoken);
        WaitList.unparkAll(joinWoken);
        return left;
    }

    /** Whether {@link #shutdown()} or {@link #shutdownNow()} has been called. */
    public boolean isShutdown() {
        return shutdown;
    }

    /** The number of items in the queue. */
    public int size() {
        return (int) COUNT.getOpaque(this);
    }

    /** Whether the queue holds no item. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** The number of items put and not yet marked {@linkplain #taskDone() done}. */
    public int unfinishedTasks() {
        return (int) UNFINISHED.getOpaque(this);
    }

    /** The capacity, {@code Integer.MAX_VALUE} when unbounded. */
    public int capacity() {
        return capacity;
    }

    /** The name given with {@link #named(String)}, or {@code WorkQueue@hash}. */
    public String name() {
        String n = name;
        return n != null ? n : label;
    }

    /** Name, counts and waiters, e.g. {@code WorkQueue "jobs" [3 items, 5 unfinished, 0 takers, 0 putters]}. */
    @Override
    public String toString() {
        return label + " [" + (shutdown ? "shut down, " : "") + size() + " items, " + unfinishedTasks()
                + " unfinished, " + takers.size() + " takers waiting, " + putters.size() + " putters waiting]";
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Stores {@code e}, hands it to a waiting taker, or waits for room; false if full and not waiting or timed out. */
    private boolean insert(E e, String method, boolean wait, boolean timed, long nanos) throws InterruptedException {
        ItemWaiter w = null;
        Waiter served;
        guard.lockSpinning();
        try {
            if (shutdown) {
                throw shutDown(method);
            }
            served = offerLocked(e);
            if (served == null) {
                if (!wait) {
                    return false;
                }
                w = new ItemWaiter(Thread.currentThread(), Waiter.WAITING, e);
                putters.add(w);
            }
        } finally {
            guard.unlock();
        }
        if (w == null) {
            wake(served);
            return true;
        }
        int r = Parking.await(w, Waiter.WAITING, this, true, timed, timed ? Parking.deadline(nanos) : 0L);
        // If it was accepted or shut out first, report that, keeping the interrupt status.
        if (r < 0 && putters.giveUp(guard, w, r, null)) {
            w.item = null;
            if (r == Parking.TIMED_OUT) {
                return false;
            }
            throw Parking.interruption(r, this);
        }
        if (w.status == Waiter.SHUT_DOWN) {
            throw shutDown(method);
        }
        return true;
    }

    /** Takes an item, or waits for one; null if empty and not waiting, or timed out. */
    @SuppressWarnings("unchecked")
    private E extract(String method, boolean wait, boolean timed, long nanos) throws InterruptedException {
        ItemWaiter w;
        E e;
        Waiter refilled;
        guard.lockSpinning();
        try {
            if (count > 0) {
                e = removeLocked();
                refilled = refillLocked();
                w = null;
            } else if (shutdown) {
                throw shutDown(method);
            } else if (!wait) {
                return null;
            } else {
                e = null;
                refilled = null;
                w = new ItemWaiter(Thread.currentThread());
                takers.add(w);
            }
        } finally {
            guard.unlock();
        }
        if (w == null) {
            wake(refilled);
            return e;
        }
        int r = Parking.await(w, Waiter.WAITING, this, true, timed, timed ? Parking.deadline(nanos) : 0L);
        // If an item was handed over first, return it, keeping the interrupt status.
        if (r < 0 && takers.giveUp(guard, w, r, null)) {
            if (r == Parking.TIMED_OUT) {
                return null;
            }
            throw Parking.interruption(r, this);
        }
        if (w.status == Waiter.SHUT_DOWN) {
            throw shutDown(method);
        }
        return (E) w.item;
    }

    private boolean awaitDone(boolean timed, long nanos) throws InterruptedException {
        Waiter w;
        guard.lockSpinning();
        try {
            if (unfinished == 0) {
                return true;
            }
            if (timed && nanos <= 0) {
                return false;
            }
            w = new Waiter(Thread.currentThread());
            joiners.add(w);
        } finally {
            guard.unlock();
        }
        int r = Parking.await(w, Waiter.WAITING, this, true, timed, timed ? Parking.deadline(nanos) : 0L);
        if (r < 0 && joiners.giveUp(guard, w, r, null)) {
            if (r == Parking.TIMED_OUT) {
                return false;
            }
            throw Parking.interruption(r, this);
        }
        return true;
    }

    /** Under the guard: hands {@code e} to the longest taker, or stores it; null if full. Counts it as unfinished. */
    private Waiter offerLocked(E e) {
        ItemWaiter t = (ItemWaiter) takers.poll();
        if (t != null) {
            t.item = e;
            setUnfinished(unfinished + 1);
            t.status = Waiter.GRANTED;
            return t;
        }
        if (count < capacity) {
            store(e);
            setUnfinished(unfinished + 1);
            return STORED;
        }
        return null;
    }

    /** Under the guard, after a removal: moves the longest putter's item into the freed slot. */
    @SuppressWarnings("unchecked")
    private Waiter refillLocked() {
        ItemWaiter p = (ItemWaiter) putters.poll();
        if (p != null) {
            store((E) p.item);
            p.item = null;
            setUnfinished(unfinished + 1);
            p.status = Waiter.GRANTED;
        }
        return p;
    }

    private void wake(Waiter w) {
        if (w != null && w != STORED) {
            w.wake();
            Hooks.handedOff(this, w.thread);
        }
    }

    private void store(E e) {
        if (mode == PRIORITY) {
            heap.add(new Entry<>(e, arrivals++));
        } else {
            Object[] r = ring;
            if (count == r.length) {
                r = grow();
            }
            int i = head + count;
            r[i < r.length ? i : i - r.length] = e;
        }
        COUNT.setOpaque(this, count + 1);
    }

    private E removeLocked() {
        E e;
        if (mode == PRIORITY) {
            e = heap.poll().element();
        } else {
            Object[] r = ring;
            int i;
            if (mode == FIFO) {
                i = head;
                head = i + 1 < r.length ? i + 1 : 0;
            } else {
                i = head + count - 1;
                i = i < r.length ? i : i - r.length;
            }
            @SuppressWarnings("unchecked")
            E item = (E) r[i];
            r[i] = null;
            e = item;
        }
        COUNT.setOpaque(this, count - 1);
        return e;
    }

    /** Under the guard, with the ring full and below capacity: a ring twice as large, oldest item first. */
    private Object[] grow() {
        Object[] old = ring;
        int n = (int) Math.min((long) old.length * 2, capacity);
        Object[] r = new Object[n];
        int first = old.length - head;
        System.arraycopy(old, head, r, 0, first);
        System.arraycopy(old, 0, r, first, head);
        head = 0;
        ring = r;
        return r;
    }

    private void setUnfinished(int n) {
        UNFINISHED.setOpaque(this, n);
    }

    private QueueShutdownException shutDown(String method) {
        return new QueueShutdownException(label + ": " + method + " after shutdown"
                + (method.startsWith("take") || method.startsWith("poll") ? " (and the queue is empty)" : ""));
    }

    private static final VarHandle COUNT;
    private static final VarHandle UNFINISHED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COUNT = l.findVarHandle(WorkQueue.class, "count", int.class);
            UNFINISHED = l.findVarHandle(WorkQueue.class, "unfinished", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
