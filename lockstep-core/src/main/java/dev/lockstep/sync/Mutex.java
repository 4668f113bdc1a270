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
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

/**
 * A mutual-exclusion lock that serves waiters strictly in arrival order: asyncio's {@code Lock} for threads. Code that
 * reads shared state, blocks, and writes it back holds a {@code Mutex} across the whole sequence so that no other
 * thread sees or changes the state in between.
 *
 * {@snippet :
 * Mutex account = new Mutex("account");
 * try (Guard held = account.acquire()) {
 *     int balance = read();
 *     Clock.sleep(Duration.ofMillis(10));   // a suspension point: others wait at acquire()
 *     write(balance - amount);
 * }
 * }
 *
 * <p><b>Fairness.</b> Strict FIFO with direct hand-off: {@link #unlock()} gives the mutex to the longest waiter before it
 * returns, so the mutex never looks free while anyone waits. A thread that unlocks and at once locks again queues
 * behind the waiters, and {@link #tryLock()} fails whenever anyone is queued. Under contention the next waiter in line
 * is woken while the one ahead of it holds the mutex, so that a hand-off rarely waits for a thread to wake up; this
 * changes when a waiter is awake, never the order in which waiters are served. Built with {@code fair = false}
 * ({@link #Mutex(String, boolean)}), as {@code ReentrantLock}'s default, it is unfair: {@code unlock()} frees the mutex
 * and wakes the longest waiter, which competes for it with threads just arriving; an arriving {@code lock()} or {@code
 * tryLock()} takes a free mutex even while others wait. That trades order for throughput: waiters are still woken in
 * arrival order, but an arrival may overtake them, again and again under steady load. A signalled condition waiter
 * competes the same way. Everything else below holds in both modes.
 *
 * <p><b>Interruption and timeouts.</b> A waiting {@link #lockInterruptibly()}, {@link #acquire()} or timed
 * {@link #tryLock(Duration)} ends in one of three ways: the mutex is handed over (it returns holding it); the thread is
 * interrupted first (it leaves the queue and throws {@link InterruptedException}, interrupt status cleared); or the
 * timeout passes first (it leaves the queue and returns {@code false}). An interrupt or timeout that arrives after the
 * hand-off loses the race: the call returns holding the mutex, with the interrupt status still set, so the mutex is
 * never handed to a thread that has gone. These methods also throw at once if the thread is interrupted on entry.
 * {@link #lock()} ignores interrupts while it waits and keeps the interrupt status. Timeouts use {@link
 * dev.lockstep.task.Clock}'s time, which is virtual under the explorer; zero or negative means try once.
 *
 * <p><b>Ownership.</b> The thread that locked is the owner until it unlocks; only the owner may unlock
 * ({@link IllegalMonitorStateException} otherwise). Not reentrant: an owner that tries to lock again gets {@link
 * IllegalStateException} at once, where a reentrant-blind lock would deadlock silently.
 *
 * <p><b>Memory consistency effects:</b> actions before {@code unlock()} happen-before the actions after the next
 * successful lock by any thread, as for {@link java.util.concurrent.locks.ReentrantLock}.
 */
public final class Mutex implements Lock {

    /*
     * Overview
     *
     * One int of state, changed by CAS where a fast path needs no queue and under the guard otherwise:
     *
     *        lock (CAS)                 lock finds it held (under guard)
     *   FREE ----------> LOCKED ----------------------------------------> QUEUED
     *     ^  <----------   |  ^    last waiter served or gave up (guard)    |
     *     |  unlock (CAS)  |  +---------------------------------------------+
     *     +----------------+----- unlock with the queue empty (guard) <------+
     *
     * Invariant: waiters are queued only while the state is QUEUED, and QUEUED means the mutex is held. So unlock's
     * fast CAS LOCKED->FREE fails exactly when someone may be waiting, and the slow path hands the mutex to the head of
     * the queue without ever passing through FREE; that is what makes barging impossible. A waiter that gives up
     * removes itself under the guard, and if it was the last, moves the state back from QUEUED to LOCKED.
     *
     * Wake-ahead: serving the head also wakes the waiter behind it (WaitList.wakeAheadAfter), which spins for its turn,
     * so its wake-up overlaps the new holder's critical section instead of following its release. It never changes who
     * is served next, only when that thread is awake; it backs off when woken waiters spin out (long critical
     * sections) or, for platform threads, are not yet running when served (more runnable threads than processors),
     * and it is off where threads do not run in parallel (a Loop, the explorer, a single carrier).
     *
     * Condition waiters sit in their condition's list (status CONDITION). A signal moves them, under the same guard,
     * to the tail of the mutex queue (status WAITING); from there they are handed the mutex like any other waiter.
     */

    private static final int FREE = 0, LOCKED = 1, QUEUED = 2;

    private final String name;
    /** {@code Mutex "name"} or {@code Mutex@hash}, for messages and traces. */
    private final String label;
    /** The scheduler probe of the creating thread, so that touches from outside it can be reported; usually null. */
    private final Probe creator = Hooks.creator(this);
    /** Guards {@link #queue} and every condition's waiter list; never held across a park or a hook call. */
    private final GuardLock guard = new GuardLock();
    /** Threads waiting for the mutex, FIFO; non-empty only while state == QUEUED. */
    private final WaitList queue = new WaitList();
    private final AtomicInteger conditions = new AtomicInteger();
    /** FREE, LOCKED or QUEUED; on a cache line of its own (see PaddedInt). */
    private final PaddedInt state = new PaddedInt(FREE);
    /**
     * The holder. Plain: written by the acquiring thread after its CAS, or by the releasing thread before the volatile
     * hand-off write; a thread comparing it with itself sees its own writes, which is all ownership checks need.
     */
    private Thread owner;
    /**
     * Null for the default FIFO hand-off; the waiting side of an unfair mutex, whose state is FREE or LOCKED only
     * (unlock always frees it and wakes the longest waiter to compete).
     */
    private final Barging barging;

    /** An unnamed mutex; messages call it {@code Mutex@hash}. */
    public Mutex() {
        this(true);
    }

    /** A mutex whose name appears in messages, traces and {@link #toString()}. */
    public Mutex(String name) {
        this(name, true);
    }

    /** An unnamed mutex, FIFO if {@code fair} (the default of the other constructors), else unfair (see above). */
    public Mutex(boolean fair) {
        this.name = null;
        this.label = Names.describe("Mutex", null, this);
        this.barging = fair ? null : new Barging(guard, queue, () -> false);
    }

    /**
     * A named mutex, FIFO if {@code fair} (the default of the other constructors), else unfair (see the class
     * description).
     */
    public Mutex(String name, boolean fair) {
        this.name = Names.requireName("Mutex", name);
        this.label = Names.describe("Mutex", name, this);
        this.barging = fair ? null : new Barging(guard, queue, () -> false);
    }

    /** Locks, waiting as long as it takes; interrupts do not end the wait and stay set. */
    @Override
    public void lock() {
        Thread me = Thread.currentThread();
        checkNotOwner(me, "lock()");
        Hooks.point(creator, this, Op.LOCK);
        if (state.compareAndSet(FREE, LOCKED)) {
            owner = me;
        } else {
            acquireSlow(me, false, false, 0L);
        }
        Hooks.acquired(this);
    }

    /** Locks, waiting until handed the mutex or interrupted. */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        Thread me = Thread.currentThread();
        checkNotOwner(me, "lockInterruptibly()");
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.LOCK);
        if (state.compareAndSet(FREE, LOCKED)) {
            owner = me;
        } else {
            int r = acquireSlow(me, true, false, 0L);
            if (r != Waiter.GRANTED) {
                throw Parking.interruption(r, this);
            }
        }
        Hooks.acquired(this);
    }

    /** Locks {@linkplain #lockInterruptibly() interruptibly} and returns a guard whose {@code close()} unlocks. */
    public Guard acquire() throws InterruptedException {
        lockInterruptibly();
        return new Held();
    }

    /**
     * Locks only if the mutex is free, which implies that nobody is queued.
     *
     * @return true if the caller now holds the mutex
     */
    @Override
    public boolean tryLock() {
        Thread me = Thread.currentThread();
        checkNotOwner(me, "tryLock()");
        Hooks.point(creator, this, Op.TRY_LOCK);
        if (state.compareAndSet(FREE, LOCKED)) {
            owner = me;
            Hooks.acquired(this);
            return true;
        }
        return false;
    }

    /** Like {@link #tryLock(Duration)}, with the timeout as an amount and unit. */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, () -> label + ": tryLock unit must not be null");
        return tryLockNanos(unit.toNanos(time), "tryLock(time, unit)");
    }

    /**
     * Locks, waiting at most {@code timeout} in the queue.
     *
     * @param timeout how long to wait; zero or negative tries once without waiting
     * @return true if the caller now holds the mutex, false if the timeout passed first
     * @throws InterruptedException if interrupted on entry or while waiting (the caller does not hold the mutex)
     */
    public boolean tryLock(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, () -> label + ": tryLock timeout must not be null");
        return tryLockNanos(Durations.saturatedNanos(timeout), "tryLock(timeout)");
    }

    private boolean tryLockNanos(long nanos, String method) throws InterruptedException {
        Thread me = Thread.currentThread();
        checkNotOwner(me, method);
        Parking.checkInterrupt(this);
        Hooks.point(creator, this, Op.TRY_LOCK);
        if (state.compareAndSet(FREE, LOCKED)) {
            owner = me;
        } else {
            if (nanos <= 0) {
                return false;
            }
            int r = acquireSlow(me, true, true, Parking.deadline(nanos));
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

    /**
     * Unlocks, handing the mutex to the longest waiter if there is one.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the mutex
     */
    @Override
    public void unlock() {
        Thread me = Thread.currentThread();
        if (owner != me) {
            throw new IllegalMonitorStateException(label + ": unlock() by " + Names.thread(me)
                    + ", which does not hold it (" + holderText() + ")");
        }
        Hooks.point(creator, this, Op.UNLOCK);
        owner = null;
        if (barging != null) {
            state.set(FREE);
            Hooks.released(this);
            barging.released();
            return;
        }
        if (state.compareAndSet(LOCKED, FREE)) {
            Hooks.released(this);
            return;
        }
        Waiter next, ahead;
        guard.lock();
        try {
            next = releaseLocked();
            ahead = next == null ? null : queue.wakeAheadAfter(next);
        } finally {
            guard.unlock();
        }
        Hooks.released(this);
        handOff(next);
        if (ahead != null) {
            ahead.wakeAhead();
        }
    }

    /** A new condition bound to this mutex, named after it. */
    @Override
    public Condition newCondition() {
        return new MutexCondition(name == null ? null : name + ".condition-" + conditions.incrementAndGet());
    }

    /** A new condition bound to this mutex, with its own name for messages and traces. */
    public Condition newCondition(String conditionName) {
        return new MutexCondition(Names.requireName("Condition", conditionName));
    }

    /** Whether any thread holds the mutex (an instant's snapshot). */
    public boolean isLocked() {
        return state.get() != FREE;
    }

    /** Whether the calling thread holds the mutex. */
    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    /** The number of threads waiting to lock (an estimate while they come and go). */
    public int queueLength() {
        return queue.size();
    }

    /** The name given at construction, or {@code Mutex@hash} when none was. */
    public String name() {
        return name != null ? name : label;
    }

    /** Name, state and number of waiters, e.g. {@code Mutex "account" [locked by worker-1, 2 waiting]}. */
    @Override
    public String toString() {
        return label + " [" + (isLocked() ? "locked by " + Names.thread(owner) : "unlocked") + ", "
                + queueLength() + " waiting]";
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Queues the caller and waits; returns GRANTED (caller holds the mutex) or the Parking outcome that ended it. */
    private int acquireSlow(Thread me, boolean interruptible, boolean timed, long deadline) {
        if (barging != null) {
            return barging.await(() -> {
                if (state.compareAndSet(FREE, LOCKED)) {
                    owner = me;
                    return true;
                }
                return false;
            }, this, interruptible, timed, deadline);
        }
        Waiter w;
        guard.lock();
        try {
            for (;;) {
                int s = state.get();
                if (s == FREE) {
                    if (state.compareAndSet(FREE, LOCKED)) {
                        owner = me;
                        return Waiter.GRANTED;
                    }
                } else if (s == QUEUED || state.compareAndSet(LOCKED, QUEUED)) {
                    break;
                }
            }
            w = new Waiter(me);
            queue.addSpinning(w, owner);
        } finally {
            guard.unlock();
        }
        int r = Parking.await(w, Waiter.WAITING, this, interruptible, timed, deadline);
        if (r == Waiter.GRANTED) {
            return r;
        }
        // Handed over while giving up: the hand-off wins, and the interrupt stays for the caller to see.
        return queue.giveUp(guard, w, r, this::leftQueue) ? r : Waiter.GRANTED;
    }

    /** Under the guard, after a waiter gave up: with nobody queued, the mutex is held by whoever it waited for. */
    private void leftQueue() {
        if (queue.isEmpty()) {
            state.set(LOCKED);
        }
    }

    /** Under the guard, with the caller's ownership already dropped: picks the next owner, or frees the mutex. */
    private Waiter releaseLocked() {
        Waiter next = queue.poll();
        if (next == null) {
            state.set(FREE);
        } else {
            if (queue.isEmpty()) {
                state.set(LOCKED);
            }
            owner = next.thread;
            next.status = Waiter.GRANTED; // publishes owner and everything the releasing thread did
        }
        return next;
    }

    /** Outside the guard: wakes the new owner chosen by {@link #releaseLocked()}. */
    private void handOff(Waiter next) {
        if (next != null) {
            next.wake();
            Hooks.handedOff(this, next.thread);
        }
    }

    /** Under the guard: a condition waiter that gave up rejoins the mutex, taking it at once if it is free. */
    private void requeueLocked(Waiter w) {
        for (;;) {
            int s = state.get();
            if (s == FREE) {
                if (state.compareAndSet(FREE, LOCKED)) {
                    owner = w.thread;
                    w.status = Waiter.GRANTED;
                    return;
                }
            } else if (s == QUEUED || state.compareAndSet(LOCKED, QUEUED)) {
                w.status = Waiter.WAITING;
                queue.add(w);
                return;
            }
        }
    }

    private void checkNotOwner(Thread me, String method) {
        if (owner == me) {
            throw new IllegalStateException(label + ": " + method + " by " + Names.thread(me)
                    + ", which already holds it; a Mutex is not reentrant, so this would deadlock");
        }
    }

    private void checkOwner(Thread me, Object what, String method) {
        if (owner != me) {
            throw new IllegalMonitorStateException(what + ": " + method + " by " + Names.thread(me)
                    + ", which does not hold " + label + " (" + holderText() + ")");
        }
    }

    private String holderText() {
        Thread o = owner;
        return o != null ? "held by " + Names.thread(o) : isLocked() ? "being handed over" : "not locked";
    }

    /** The guard returned by {@link #acquire()}; closed by the owner, once. */
    private final class Held extends CloseOnce {
        @Override
        protected String label() {
            return "Guard of " + label;
        }

        @Override
        protected void release() {
            unlock();
        }
    }

    /**
     * A condition of this mutex. Its waiters are kept under the mutex's guard, which also lets a waiter that gives up
     * leave the condition and rejoin the mutex queue in one step.
     */
    private final class MutexCondition implements Condition {
        /** Waiters not yet signalled, FIFO (status CONDITION); guarded by the mutex's guard. */
        private final WaitList waiters = new WaitList();
        private final String conditionLabel;

        MutexCondition(String conditionName) {
            Hooks.creator(this);
            this.conditionLabel = conditionName != null
                    ? Names.describe("Condition", conditionName, this)
                    : "Condition of " + label;
        }

        @Override
        public void await() throws InterruptedException {
            doAwait("await()", true, false, 0L);
        }

        @Override
        public void awaitUninterruptibly() {
            try {
                doAwait("awaitUninterruptibly()", false, false, 0L);
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }

        @Override
        public long awaitNanos(long nanosTimeout) throws InterruptedException {
            long deadline = Parking.deadline(nanosTimeout);
            boolean signalled = doAwait("awaitNanos()", true, true, deadline);
            long remaining = deadline - Hooks.nanoTime();
            return signalled ? Math.max(1L, remaining) : Math.min(0L, remaining);
        }

        @Override
        public boolean await(long time, TimeUnit unit) throws InterruptedException {
            Objects.requireNonNull(unit, () -> conditionLabel + ": await unit must not be null");
            return doAwait("await(time, unit)", true, true, Parking.deadline(unit.toNanos(time)));
        }

        @Override
        public boolean awaitUntil(Date deadline) throws InterruptedException {
            Objects.requireNonNull(deadline, () -> conditionLabel + ": awaitUntil deadline must not be null");
            long nanos = TimeUnit.MILLISECONDS.toNanos(deadline.getTime() - System.currentTimeMillis());
            return doAwait("awaitUntil(Date)", true, true, Parking.deadline(nanos));
        }

        @Override
        public void awaitUntil(BooleanSupplier predicate) throws InterruptedException {
            Objects.requireNonNull(predicate, () -> conditionLabel + ": awaitUntil predicate must not be null");
            checkOwner(Thread.currentThread(), conditionLabel, "awaitUntil(predicate)");
            while (!predicate.getAsBoolean()) {
                doAwait("awaitUntil(predicate)", true, false, 0L);
            }
        }

        @Override
        public boolean awaitUntil(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
            Objects.requireNonNull(predicate, () -> conditionLabel + ": awaitUntil predicate must not be null");
            Objects.requireNonNull(timeout, () -> conditionLabel + ": awaitUntil timeout must not be null");
            checkOwner(Thread.currentThread(), conditionLabel, "awaitUntil(predicate, timeout)");
            long deadline = Parking.deadline(Durations.saturatedNanos(timeout));
            while (!predicate.getAsBoolean()) {
                if (deadline - Hooks.nanoTime() <= 0
                        || !doAwait("awaitUntil(predicate, timeout)", true, true, deadline)) {
                    return predicate.getAsBoolean();
                }
            }
            return true;
        }

        @Override
        public void signal() {
            checkOwner(Thread.currentThread(), conditionLabel, "signal()");
            Hooks.point(creator, this, Op.SIGNAL);
            transfer(false);
        }

        @Override
        public void signalAll() {
            checkOwner(Thread.currentThread(), conditionLabel, "signalAll()");
            Hooks.point(creator, this, Op.SIGNAL_ALL);
            transfer(true);
        }

        @Override
        public String toString() {
            return conditionLabel + " [" + waiters.size() + " waiting]";
        }

        /** Moves the longest waiter (or all) to the mutex queue; the caller holds the mutex, so they queue behind it. */
        private void transfer(boolean all) {
            // Waiters join this list only while holding the mutex, which the caller holds now: if it looks empty, it
            // is (a waiter that gives up concurrently only makes it emptier), and signalling nobody needs no guard.
            if (waiters.isEmpty()) {
                return;
            }
            if (barging != null) {
                // Unfair: the signalled wake and compete for the mutex (once it is unlocked) like any arrival.
                Waiter first;
                guard.lock();
                try {
                    if (all) {
                        first = waiters.releaseAll(Waiter.RETRY);
                    } else {
                        first = waiters.poll();
                        if (first != null) {
                            first.status = Waiter.RETRY;
                        }
                    }
                } finally {
                    guard.unlock();
                }
                WaitList.unparkAll(first); // outside the guard, as every wake-up
                return;
            }
            guard.lock();
            try {
                Waiter w;
                while ((w = waiters.poll()) != null) {
                    state.set(QUEUED); // the caller holds the mutex and the guard: nobody else moves it now
                    w.status = Waiter.WAITING;
                    queue.add(w);
                    if (!all) {
                        break;
                    }
                }
            } finally {
                guard.unlock();
            }
        }

        /**
         * Releases the mutex, waits for a signal, and re-acquires the mutex before returning or throwing.
         *
         * @return true if signalled, false if the timeout passed first
         */
        private boolean doAwait(String method, boolean interruptible, boolean timed, long deadline)
                throws InterruptedException {
            Thread me = Thread.currentThread();
            checkOwner(me, conditionLabel, method);
            if (interruptible) {
                Parking.checkInterrupt(this);
            }
            Hooks.point(creator, this, Op.AWAIT);
            Waiter w = new Waiter(me, Waiter.CONDITION);
            Waiter next = null;
            guard.lock();
            try {
                waiters.add(w);
                owner = null;
                if (barging != null) {
                    state.set(FREE);
                } else {
                    next = releaseLocked();
                }
            } finally {
                guard.unlock();
            }
            Hooks.released(Mutex.this);
            if (barging != null) {
                barging.released();
            } else {
                handOff(next);
            }

            int r = Parking.await(w, Waiter.CONDITION, this, interruptible, timed, deadline);
            boolean signalled = true;
            if (r < 0) {
                guard.lock();
                try {
                    if (w.status == Waiter.CONDITION) {
                        waiters.remove(w);
                        signalled = false;
                        if (barging == null) {
                            requeueLocked(w);
                        }
                    }
                } finally {
                    guard.unlock();
                }
            }
            // Whatever happened, the mutex comes back before we return or throw.
            if (barging != null) {
                if (state.compareAndSet(FREE, LOCKED)) {
                    owner = me;
                } else {
                    acquireSlow(me, false, false, 0L);
                }
            } else {
                Parking.await(w, Waiter.WAITING, Mutex.this, false, false, 0L);
            }
            Hooks.acquired(Mutex.this);

            boolean interrupted = r == Parking.INTERRUPTED || (interruptible && Thread.interrupted());
            if (interrupted) {
                if (signalled) {
                    transfer(false); // the signal was meant for someone: pass it on rather than lose it
                }
                throw new InterruptedException(conditionLabel + ": interrupted in " + method);
            }
            if (r == Parking.SCOPE_EXPIRED && !signalled) {
                throw Parking.interruption(r, this);
            }
            return signalled;
        }
    }
}
