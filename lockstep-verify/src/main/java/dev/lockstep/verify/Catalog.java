package dev.lockstep.verify;

import static dev.lockstep.verify.Tasks.check;

import dev.lockstep.explore.Invariant;
import dev.lockstep.explore.Scenario;
import dev.lockstep.sync.Barrier;
import dev.lockstep.sync.BoundedSemaphore;
import dev.lockstep.sync.Condition;
import dev.lockstep.sync.Event;
import dev.lockstep.sync.Mutex;
import dev.lockstep.sync.QueueShutdownException;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.sync.WorkQueue;
import dev.lockstep.task.Checkpoint;
import dev.lockstep.task.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * The verification scenarios: for each primitive, two to four tasks mixing blocking and {@code try*} calls, timed waits
 * that expire, interrupts racing with hand-offs, releases, signals, resets, aborts and shutdowns, with invariants
 * checked after every step ({@link Invariant}) and at the end; then the CPython asyncio bug family, each restated for
 * Lockstep's API. Each scenario takes a size (more tasks, items or rounds): the exhaustive {@code dfs} search runs the
 * small size, {@code pct} the larger one.
 */
public final class Catalog {
    private Catalog() {}

    private static final Duration TEN_MS = Duration.ofMillis(10);
    private static final Duration LONG = Duration.ofHours(1);

    /**
     * One verification scenario.
     *
     * @param primitive what it verifies
     * @param name a short name
     * @param property the property it checks, in words
     * @param scenario the scenario at a given size
     * @param dfsBound the preemption bound of the exhaustive search
     * @param dfsSize the size the exhaustive search runs
     * @param pctSize the size the randomized search runs
     */
    public record Check(String primitive, String name, String property, IntFunction<Scenario> scenario, int dfsBound,
            int dfsSize, int pctSize) {
        @Override
        public String toString() {
            return primitive + ": " + name;
        }
    }

    /** Every check, primitives first, then the regression scenarios. */
    public static List<Check> all() {
        List<Check> all = new ArrayList<>();
        all.addAll(primitives());
        all.addAll(regressions());
        return all;
    }

    // ---- primitives ------------------------------------------------------------------------------------------------

    static List<Check> primitives() {
        return List.of(
                new Check("Mutex", "mutual exclusion", "at most one holder at every step; unlocked and empty at the end",
                        n -> mutexExclusion(true, n), 2, 1, 2),
                new Check("Mutex", "no barging", "a thread that unlocks and at once relocks (or tryLocks) gets the"
                        + " mutex only after the waiter that was queued", n -> mutexNoBarging(true), 3, 1, 1),
                new Check("Mutex", "interrupt races hand-off", "the interrupted waiter either holds the mutex (and"
                        + " unlocks it) or threw and holds nothing; never two owners", n -> mutexInterrupt(true, n), 3, 1, 2),
                new Check("Mutex", "timeout races hand-off", "a timed tryLock that expires as the mutex is handed over"
                        + " returns true holding it, or false without it", n -> mutexTimeout(true), 3, 1, 1),
                new Check("Mutex", "lock() ignores interrupts", "an interrupted lock() still acquires, keeping the"
                        + " interrupt status", n -> mutexUninterruptible(true), 3, 1, 1),
                new Check("Condition", "no lost wake-up", "a bounded buffer with awaitUntil: every item is taken"
                        + " once, every thread returns", n -> conditionBuffer(true, n), 2, 1, 2),
                new Check("Condition", "interrupted waiter passes the signal", "of two waiters and one signal, exactly"
                        + " one takes the token even if the signalled one is interrupted",
                        n -> conditionPassOn(true), 3, 1, 1),
                new Check("Condition", "await returns holding the mutex", "signalled, timed out or interrupted, await"
                        + " returns or throws holding the mutex", n -> conditionHolds(true), 3, 1, 1),
                new Check("Semaphore", "limit and conservation", "never more than the permits in use; all permits back"
                        + " at the end", n -> semaphoreLimit(true, n), 2, 1, 2),
                new Check("Semaphore", "interrupt races hand-off", "an interrupted waiter keeps the permit it was"
                        + " handed or leaves none behind", n -> semaphoreInterrupt(true), 3, 1, 1),
                new Check("Semaphore", "timeout races release", "a timed tryAcquire expiring as a permit is released"
                        + " takes it or leaves it", n -> semaphoreTimeout(true), 3, 1, 1),
                new Check("Semaphore", "no barging", "a thread that releases and at once re-acquires (or tryAcquires)"
                        + " gets a permit only after the waiter that was queued",
                        n -> semaphoreNoBarging(true), 3, 1, 1),
                new Check("Mutex (unfair)", "mutual exclusion", "barging allowed, nothing else: at most one holder at"
                        + " every step; unlocked and empty at the end", n -> mutexExclusion(false, n), 2, 1, 2),
                new Check("Mutex (unfair)", "interrupt races release", "the interrupted waiter either holds the mutex"
                        + " (and unlocks it) or threw and holds nothing; a wake-up it got goes to the next",
                        n -> mutexInterrupt(false, n), 3, 1, 2),
                new Check("Mutex (unfair)", "timeout races release", "a timed tryLock returns true holding the mutex,"
                        + " or false without it", n -> mutexTimeout(false), 3, 1, 1),
                new Check("Mutex (unfair)", "lock() ignores interrupts", "an interrupted lock() still acquires,"
                        + " keeping the interrupt status", n -> mutexUninterruptible(false), 3, 1, 1),
                new Check("Condition (unfair)", "no lost wake-up", "a bounded buffer on an unfair mutex: every item is"
                        + " taken once, every thread returns", n -> conditionBuffer(false, n), 2, 1, 2),
                new Check("Condition (unfair)", "interrupted waiter passes the signal", "of two waiters and one"
                        + " signal, exactly one takes the token even if the signalled one is interrupted",
                        n -> conditionPassOn(false), 3, 1, 1),
                new Check("Condition (unfair)", "await returns holding the mutex", "signalled, timed out or"
                        + " interrupted, await returns or throws holding the mutex", n -> conditionHolds(false), 3, 1, 1),
                new Check("Semaphore (unfair)", "limit and conservation", "barging allowed, nothing else: never more"
                        + " than the permits in use; all permits back at the end", n -> semaphoreLimit(false, n), 2, 1,
                        2),
                new Check("Semaphore (unfair)", "interrupt races release", "an interrupted waiter holds a permit or"
                        + " leaves none behind; a wake-up it got goes to the next", n -> semaphoreInterrupt(false), 3, 1,
                        1),
                new Check("Semaphore (unfair)", "timeout races release", "a timed tryAcquire expiring as a permit is"
                        + " released takes it or leaves it", n -> semaphoreTimeout(false), 3, 1, 1),
                new Check("Semaphore (unfair)", "releases in a row wake enough", "three waiters, three releases in a"
                        + " row: every waiter gets a permit, none stays parked beside a free one",
                        n -> semaphoreReleasesInARow(false), 3, 1, 1),
                new Check("BoundedSemaphore", "bound kept", "releases never raise the permits above the initial"
                        + " count; the extra release is refused", n -> boundedSemaphore(), 3, 1, 1),
                new Check("Event", "set wakes every waiter", "set() wakes all current waiters even if clear() follows",
                        Catalog::eventSetClear, 3, 1, 2),
                new Check("Event", "timeout and interrupt race set", "a timed or interrupted waiter returns true,"
                        + " false or throws; never hangs", n -> eventRaces(), 3, 1, 1),
                new Check("Barrier", "indexes", "every round hands out the indexes 0..parties-1 exactly once",
                        Catalog::barrierIndexes, 2, 1, 2),
                new Check("Barrier", "interrupt leaves, does not break", "an interrupted waiter leaves the round; the"
                        + " barrier is never broken by it", n -> barrierInterrupt(), 3, 1, 1),
                new Check("Barrier", "reset and abort race arrivals", "each waiter gets an index, a"
                        + " BrokenBarrierException or its timeout; the barrier is usable after reset",
                        n -> barrierReset(), 3, 1, 1),
                new Check("WorkQueue", "exactly once", "with producers and consumers on a queue of one, every item is"
                        + " taken exactly once", Catalog::queueExactlyOnce, 2, 1, 2),
                new Check("WorkQueue", "interrupt never loses an item", "an item handed to an interrupted taker is"
                        + " returned by it, or stays in the queue", n -> queueInterrupt(), 3, 1, 1),
                new Check("WorkQueue", "shutdown", "waiting putters are refused, takers drain what was accepted, then"
                        + " stop; items are conserved", n -> queueShutdown(), 3, 1, 1),
                new Check("WorkQueue", "shutdownNow and join", "shutdownNow returns what was left and releases join;"
                        + " put = taken + returned", n -> queueShutdownNow(), 3, 1, 1),
                new Check("WorkQueue", "join waits for taskDone", "join returns only after every item is marked done",
                        Catalog::queueJoin, 2, 1, 2));
    }

    static Scenario mutexExclusion(boolean fair, int size) {
        return () -> {
            Mutex m = new Mutex("m", fair);
            int[] inside = {0};
            Invariant.always("at most one holder", () -> inside[0] <= 1);
            Tasks tasks = new Tasks();
            for (int t = 0; t < 2 + size; t++) {
                tasks.start("t" + t, () -> {
                    for (int round = 0; round < 2; round++) {
                        m.lock();
                        inside[0]++;
                        Checkpoint.yieldNow();
                        inside[0]--;
                        m.unlock();
                    }
                });
            }
            tasks.joinAll();
            check(!m.isLocked() && m.queueLength() == 0, "left " + m);
        };
    }

    static Scenario mutexNoBarging(boolean fair) {
        return () -> {
            Mutex m = new Mutex("m", fair);
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            m.lock();
            Tasks tasks = new Tasks();
            tasks.start("waiter", () -> {
                m.lock();
                order.add("waiter");
                m.unlock();
            });
            Checkpoint.yieldNow();
            boolean queued = m.queueLength() == 1;
            m.unlock();
            boolean barged = m.tryLock();
            if (!barged) {
                m.lock();
            }
            order.add("main");
            m.unlock();
            tasks.joinAll();
            if (queued) {
                // tryLock may succeed, but only once the waiter has had its turn: the order is what matters.
                check(order.equals(List.of("waiter", "main")), "main overtook the queued waiter: " + order
                        + (barged ? " (by tryLock)" : " (by lock)"));
            }
        };
    }

    static Scenario mutexInterrupt(boolean fair, int size) {
        return () -> {
            Mutex m = new Mutex("m", fair);
            int[] inside = {0};
            Invariant.always("at most one holder", () -> inside[0] <= 1);
            m.lock();
            inside[0]++;
            Tasks tasks = new Tasks();
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                waiters.add(tasks.start("waiter-" + i, () -> {
                    try {
                        m.lockInterruptibly();
                    } catch (InterruptedException e) {
                        check(!m.isHeldByCurrentThread(), "threw but holds the mutex");
                        return;
                    }
                    inside[0]++;
                    Checkpoint.yieldNow();
                    inside[0]--;
                    m.unlock();
                }));
            }
            tasks.start("interrupter", () -> waiters.get(0).interrupt());
            Checkpoint.yieldNow();
            inside[0]--;
            m.unlock();
            tasks.joinAll();
            check(!m.isLocked() && m.queueLength() == 0, "left " + m);
        };
    }

    static Scenario mutexTimeout(boolean fair) {
        return () -> {
            Mutex m = new Mutex("m", fair);
            Tasks tasks = new Tasks();
            tasks.start("holder", () -> {
                m.lock();
                Clock.sleep(TEN_MS);
                m.unlock();
            });
            tasks.start("timed", () -> {
                Checkpoint.yieldNow();
                if (m.tryLock(TEN_MS)) {
                    check(m.isHeldByCurrentThread(), "tryLock said true without the mutex");
                    m.unlock();
                } else {
                    check(!m.isHeldByCurrentThread(), "tryLock said false but holds the mutex");
                }
            });
            tasks.joinAll();
            check(!m.isLocked() && m.queueLength() == 0, "left " + m);
        };
    }

    static Scenario mutexUninterruptible(boolean fair) {
        return () -> {
            Mutex m = new Mutex("m", fair);
            m.lock();
            Tasks tasks = new Tasks();
            boolean[] interrupted = {false};
            Thread w = tasks.start("waiter", () -> {
                m.lock();
                interrupted[0] = Thread.interrupted();
                m.unlock();
            });
            tasks.start("interrupter", w::interrupt);
            Checkpoint.yieldNow();
            m.unlock();
            tasks.joinAll();
            check(!m.isLocked(), "left " + m);
        };
    }

    static Scenario conditionBuffer(boolean fair, int size) {
        return () -> {
            Mutex m = new Mutex("buffer", fair);
            Condition notFull = m.newCondition("notFull");
            Condition notEmpty = m.newCondition("notEmpty");
            List<Integer> items = new ArrayList<>();
            Invariant.always("buffer holds at most one", () -> items.size() <= 1);
            int producers = 1 + size;
            int[] taken = {0};
            Tasks tasks = new Tasks();
            for (int p = 0; p < producers; p++) {
                int item = p;
                tasks.start("producer-" + p, () -> {
                    m.lock();
                    try {
                        notFull.awaitUntil(() -> items.isEmpty());
                        items.add(item);
                        notEmpty.signal();
                    } finally {
                        m.unlock();
                    }
                });
            }
            for (int c = 0; c < producers; c++) {
                tasks.start("consumer-" + c, () -> {
                    m.lock();
                    try {
                        notEmpty.awaitUntil(() -> !items.isEmpty());
                        items.remove(0);
                        taken[0]++;
                        notFull.signal();
                    } finally {
                        m.unlock();
                    }
                });
            }
            tasks.joinAll();
            check(taken[0] == producers && items.isEmpty(), "taken " + taken[0] + ", left " + items);
        };
    }

    static Scenario conditionPassOn(boolean fair) {
        return () -> {
            Mutex m = new Mutex("m", fair);
            Condition c = m.newCondition("tokens");
            int[] tokens = {0};
            boolean[] got = {false, false};
            Tasks tasks = new Tasks();
            Thread w1 = tasks.start("waiter-1", () -> {
                m.lock();
                try {
                    c.awaitUntil(() -> tokens[0] > 0);
                    tokens[0]--;
                    got[0] = true;
                } catch (InterruptedException e) {
                    check(m.isHeldByCurrentThread(), "interrupted await returned without the mutex");
                } finally {
                    m.unlock();
                }
            });
            tasks.start("waiter-2", () -> {
                m.lock();
                try {
                    if (c.awaitUntil(() -> tokens[0] > 0, LONG)) {
                        tokens[0]--;
                        got[1] = true;
                    }
                } finally {
                    m.unlock();
                }
            });
            tasks.start("signaller", () -> {
                m.lock();
                tokens[0] = 1;
                c.signal();
                m.unlock();
            });
            tasks.start("interrupter", w1::interrupt);
            tasks.joinAll();
            check(got[0] ^ got[1], "the one token was taken " + (got[0] && got[1] ? "twice" : "by nobody"));
            check(tokens[0] == 0, "tokens left: " + tokens[0]);
        };
    }

    static Scenario conditionHolds(boolean fair) {
        return () -> {
            Mutex m = new Mutex("m", fair);
            Condition c = m.newCondition("c");
            Tasks tasks = new Tasks();
            Thread interrupted = tasks.start("interrupted", () -> {
                m.lock();
                try {
                    c.await();
                } catch (InterruptedException expected) {
                    // fine: what matters is who holds the mutex now
                } finally {
                    check(m.isHeldByCurrentThread(), "await ended without the mutex");
                    m.unlock();
                }
            });
            tasks.start("timed", () -> {
                m.lock();
                try {
                    c.await(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                    check(m.isHeldByCurrentThread(), "timed await returned without the mutex");
                } finally {
                    m.unlock();
                }
            });
            tasks.start("signaller", () -> {
                m.lock();
                c.signalAll();
                m.unlock();
                interrupted.interrupt();
            });
            tasks.joinAll();
            check(!m.isLocked() && m.queueLength() == 0, "left " + m);
        };
    }

    static Scenario semaphoreLimit(boolean fair, int size) {
        return () -> {
            Semaphore s = new Semaphore("s", 2, fair);
            Tally inUse = new Tally();
            Invariant.always("at most 2 permits in use", () -> inUse.between() <= 2);
            Tasks tasks = new Tasks();
            for (int t = 0; t < 2 + size; t++) {
                tasks.start("t" + t, () -> {
                    for (int round = 0; round < 2; round++) {
                        s.acquire();
                        inUse.add(1);
                        Checkpoint.yieldNow();
                        inUse.add(-1);
                        s.release();
                    }
                });
            }
            tasks.joinAll();
            check(s.availablePermits() == 2 && s.queueLength() == 0, "left " + s);
        };
    }

    static Scenario semaphoreInterrupt(boolean fair) {
        return () -> {
            Semaphore s = new Semaphore("s", 1, fair);
            s.acquire();
            Tasks tasks = new Tasks();
            Thread w = tasks.start("waiter", () -> {
                try {
                    s.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                s.release();
            });
            tasks.start("other", () -> {
                if (s.tryAcquire(LONG)) {
                    s.release();
                }
            });
            tasks.start("interrupter", w::interrupt);
            Checkpoint.yieldNow();
            s.release();
            tasks.joinAll();
            check(s.availablePermits() == 1 && s.queueLength() == 0, "left " + s);
        };
    }

    static Scenario semaphoreTimeout(boolean fair) {
        return () -> {
            Semaphore s = new Semaphore("s", 0, fair);
            Tasks tasks = new Tasks();
            boolean[] got = {false};
            tasks.start("timed", () -> got[0] = s.tryAcquire(TEN_MS));
            tasks.start("releaser", () -> {
                Clock.sleep(TEN_MS);
                s.release();
            });
            tasks.joinAll();
            check(s.availablePermits() == (got[0] ? 0 : 1), "permits " + s.availablePermits() + ", got " + got[0]);
        };
    }

    static Scenario semaphoreReleasesInARow(boolean fair) {
        return () -> {
            Semaphore s = new Semaphore("s", 0, fair);
            Tasks tasks = new Tasks();
            for (int i = 0; i < 3; i++) {
                tasks.start("waiter-" + i, () -> {
                    s.acquire();
                });
            }
            Checkpoint.yieldNow();
            for (int i = 0; i < 3; i++) {
                s.release();
            }
            tasks.joinAll();
            check(s.availablePermits() == 0 && s.queueLength() == 0, "left " + s);
        };
    }

    static Scenario semaphoreNoBarging(boolean fair) {
        return () -> {
            Semaphore s = new Semaphore("s", 1, fair);
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            s.acquire();
            Tasks tasks = new Tasks();
            tasks.start("waiter", () -> {
                s.acquire();
                order.add("waiter");
                s.release();
            });
            Checkpoint.yieldNow();
            boolean queued = s.queueLength() == 1;
            s.release();
            boolean barged = s.tryAcquire();
            if (!barged) {
                s.acquire();
            }
            order.add("main");
            s.release();
            tasks.joinAll();
            if (queued) {
                check(order.equals(List.of("waiter", "main")), "main overtook the queued waiter: " + order
                        + (barged ? " (by tryAcquire)" : " (by acquire)"));
            }
            check(s.availablePermits() == 1, "left " + s);
        };
    }

    static Scenario boundedSemaphore() {
        return () -> {
            BoundedSemaphore s = new BoundedSemaphore("pool", 1);
            Invariant.always("permits never above 1", () -> s.availablePermits() <= 1);
            Tasks tasks = new Tasks();
            int[] refused = {0};
            for (int t = 0; t < 2; t++) {
                tasks.start("t" + t, () -> {
                    s.acquire();
                    Checkpoint.yieldNow();
                    try {
                        s.release();
                    } catch (IllegalStateException e) {
                        refused[0]++;
                    }
                });
            }
            tasks.start("extra-release", () -> {
                try {
                    s.release();
                } catch (IllegalStateException e) {
                    refused[0]++;
                }
            });
            tasks.joinAll();
            // Three releases for two acquires: whichever comes when every permit is in is refused, exactly one.
            check(refused[0] == 1, "refused " + refused[0] + " releases");
            check(s.availablePermits() == 1, "left " + s);
        };
    }

    static Scenario eventSetClear(int size) {
        return () -> {
            Event e = new Event("e");
            Tasks tasks = new Tasks();
            Tally woke = new Tally();
            for (int w = 0; w < 1 + size; w++) {
                tasks.start("waiter-" + w, () -> {
                    e.await();
                    woke.add(1);
                });
            }
            tasks.start("setter", () -> {
                e.set();
                e.clear();
                e.set();
            });
            tasks.joinAll();
            check(woke.get() == 1 + size, "woke " + woke);
        };
    }

    static Scenario eventRaces() {
        return () -> {
            Event e = new Event("e");
            Tasks tasks = new Tasks();
            boolean[] timedResult = {false};
            tasks.start("timed", () -> timedResult[0] = e.await(TEN_MS));
            Thread interrupted = tasks.start("interrupted", () -> {
                try {
                    e.await();
                } catch (InterruptedException expected) {
                    check(!Thread.currentThread().isInterrupted(), "status not cleared");
                }
            });
            tasks.start("setter", () -> {
                Clock.sleep(TEN_MS);
                e.set();
            });
            tasks.start("interrupter", interrupted::interrupt);
            tasks.joinAll();
            check(e.isSet() && e.queueLength() == 0, "left " + e);
        };
    }

    static Scenario barrierIndexes(int size) {
        return () -> {
            int parties = 2 + size;
            Barrier b = new Barrier("b", parties);
            List<List<Integer>> rounds = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                rounds.add(Collections.synchronizedList(new ArrayList<>()));
            }
            Tasks tasks = new Tasks();
            for (int t = 0; t < parties; t++) {
                tasks.start("party-" + t, () -> {
                    for (int r = 0; r < 2; r++) {
                        rounds.get(r).add(b.await());
                    }
                });
            }
            tasks.joinAll();
            for (List<Integer> round : rounds) {
                List<Integer> sorted = new ArrayList<>(round);
                Collections.sort(sorted);
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < parties; i++) {
                    expected.add(i);
                }
                check(sorted.equals(expected), "indexes of a round: " + round);
            }
        };
    }

    static Scenario barrierInterrupt() {
        return () -> {
            Barrier b = new Barrier("b", 2);
            Tasks tasks = new Tasks();
            Tally completed = new Tally();
            Thread a = tasks.start("a", () -> {
                try {
                    b.await(LONG);
                    completed.add(1);
                } catch (InterruptedException | TimeoutException left) {
                    // left the round
                }
            });
            for (String name : List.of("b", "c")) {
                tasks.start(name, () -> {
                    try {
                        b.await(LONG);
                        completed.add(1);
                    } catch (TimeoutException alone) {
                        // nobody left to pair with
                    }
                });
            }
            tasks.start("interrupter", a::interrupt);
            tasks.joinAll();
            check(!b.isBroken(), "an interrupt broke the barrier");
            check(completed.get() % 2 == 0, "a round completed with an odd number of parties: " + completed);
            check(b.waiting() == 0, "left " + b);
        };
    }

    static Scenario barrierReset() {
        return () -> {
            Barrier b = new Barrier("b", 3);
            Tasks tasks = new Tasks();
            for (String name : List.of("a", "b")) {
                tasks.start(name, () -> {
                    try {
                        int index = b.await(LONG);
                        check(index >= 0 && index < 3, "index " + index);
                    } catch (BrokenBarrierException | TimeoutException expected) {
                        // reset or aborted under us, or alone
                    }
                });
            }
            tasks.start("resetter", () -> {
                b.abort();
                b.reset();
            });
            tasks.joinAll();
            check(!b.isBroken() && b.waiting() == 0, "left " + b);
            // Usable again: a full round after the reset completes.
            Tasks again = new Tasks();
            int[] indexes = new int[3];
            for (int i = 0; i < 3; i++) {
                int slot = i;
                again.start("again-" + i, () -> indexes[slot] = b.await());
            }
            again.joinAll();
            check(indexes[0] + indexes[1] + indexes[2] == 3, "indexes after reset");
        };
    }

    static Scenario queueExactlyOnce(int size) {
        return () -> {
            WorkQueue<Integer> q = WorkQueue.<Integer>fifo(1).named("q");
            int producers = 2;
            int perProducer = 1 + size;
            boolean[] seen = new boolean[producers * perProducer];
            Tasks tasks = new Tasks();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                tasks.start("producer-" + p, () -> {
                    for (int i = 0; i < perProducer; i++) {
                        q.put(base + i);
                    }
                });
            }
            for (int c = 0; c < producers; c++) {
                tasks.start("consumer-" + c, () -> {
                    for (int i = 0; i < perProducer; i++) {
                        int item = q.take();
                        check(!seen[item], "taken twice: " + item);
                        seen[item] = true;
                        q.taskDone();
                    }
                });
            }
            tasks.joinAll();
            for (int i = 0; i < seen.length; i++) {
                check(seen[i], "never taken: " + i);
            }
            check(q.isEmpty() && q.unfinishedTasks() == 0, "left " + q);
        };
    }

    static Scenario queueInterrupt() {
        return () -> {
            WorkQueue<String> q = WorkQueue.<String>fifo().named("q");
            Tasks tasks = new Tasks();
            String[] got = {null};
            Thread taker = tasks.start("taker", () -> {
                try {
                    got[0] = q.take();
                } catch (InterruptedException e) {
                    // left without an item
                }
            });
            tasks.start("putter", () -> q.put("x"));
            tasks.start("interrupter", taker::interrupt);
            tasks.joinAll();
            String left = q.poll();
            check(("x".equals(got[0])) != ("x".equals(left)), "the item was " + (got[0] == null && left == null
                    ? "lost" : "duplicated"));
        };
    }

    static Scenario queueShutdown() {
        return () -> {
            WorkQueue<Integer> q = WorkQueue.<Integer>fifo(1).named("q");
            q.put(0);
            Tasks tasks = new Tasks();
            boolean[] accepted = {true, false};
            tasks.start("putter", () -> {
                try {
                    q.put(1);
                    accepted[1] = true;
                } catch (QueueShutdownException refused) {
                    // not accepted: the putter keeps it
                }
            });
            int[] taken = {0};
            tasks.start("consumer", () -> {
                try {
                    for (;;) {
                        q.take();
                        taken[0]++;
                    }
                } catch (QueueShutdownException drained) {
                    // done
                }
            });
            tasks.start("closer", q::shutdown);
            tasks.joinAll();
            int put = (accepted[0] ? 1 : 0) + (accepted[1] ? 1 : 0);
            check(taken[0] == put, "accepted " + put + ", taken " + taken[0]);
        };
    }

    static Scenario queueShutdownNow() {
        return () -> {
            WorkQueue<Integer> q = WorkQueue.<Integer>fifo().named("q");
            q.put(1);
            q.put(2);
            Tasks tasks = new Tasks();
            int[] taken = {0};
            int[] returned = {0};
            tasks.start("joiner", q::join);
            tasks.start("consumer", () -> {
                try {
                    q.take();
                    taken[0]++;
                    q.taskDone();
                } catch (QueueShutdownException none) {
                    // shut down before anything was left for it
                }
            });
            tasks.start("closer", () -> returned[0] = q.shutdownNow().size());
            tasks.joinAll();
            check(taken[0] + returned[0] == 2, "taken " + taken[0] + ", returned " + returned[0]);
            check(q.unfinishedTasks() == 0, "left " + q);
        };
    }

    static Scenario queueJoin(int size) {
        return () -> {
            WorkQueue<Integer> q = WorkQueue.<Integer>fifo().named("q");
            int items = 1 + size;
            Tally done = new Tally();
            for (int i = 0; i < items; i++) {
                q.put(i);
            }
            Tasks tasks = new Tasks();
            tasks.start("joiner", () -> {
                q.join();
                check(done.get() == items, "join returned after " + done + " of " + items + " were done");
            });
            for (int c = 0; c < 2; c++) {
                tasks.start("consumer-" + c, () -> {
                    for (Integer item = q.poll(); item != null; item = q.poll()) {
                        Checkpoint.yieldNow();
                        done.add(1);
                        q.taskDone();
                    }
                });
            }
            tasks.joinAll();
        };
    }

    // ---- the CPython asyncio bug family ------------------------------------------------------------------------------

    static List<Check> regressions() {
        return List.of(
                new Check("bpo-27585", "Lock: waiter cancelled after the release", "a waiter interrupted right"
                        + " after the mutex was handed to it neither strands the mutex nor the waiters behind it",
                        n -> bpo27585(), 3, 1, 1),
                new Check("bpo-32734", "Lock: cancelled waiter and a new locker", "a cancelled waiter never lets two"
                        + " holders in, and the next waiter is served", n -> bpo32734(), 3, 1, 1),
                new Check("bpo-45997 / gh-90155", "Semaphore: waiter cancelled after release", "a permit released"
                        + " to a waiter that is then cancelled is never lost, and no waiter starves",
                        n -> gh90155(), 3, 1, 1),
                new Check("gh-112202", "Condition: notified waiter cancelled", "a notified waiter that is cancelled"
                        + " passes the notification on", n -> conditionPassOn(true), 3, 1, 1),
                new Check("bpo-23812", "Queue: getter cancelled after the item arrived", "an item handed to a"
                        + " cancelled getter is returned by it, never dropped", n -> queueInterrupt(), 3, 1, 1),
                new Check("bpo-22970", "Condition: wait cancelled leaves the lock released",
                        "an interrupted await re-acquires the mutex before it throws", n -> conditionHolds(true), 3, 1, 1),
                new Check("bpo-32841", "Condition: cancelled while re-acquiring", "a waiter interrupted while it"
                        + " waits to re-acquire the mutex still returns holding it", n -> bpo32841(), 3, 1, 1));
    }

    static Scenario bpo27585() {
        return () -> {
            Mutex m = new Mutex("lock");
            m.lock();
            Tasks tasks = new Tasks();
            int[] served = {0};
            Thread first = tasks.start("first", () -> {
                try {
                    m.lockInterruptibly();
                } catch (InterruptedException cancelled) {
                    return;
                }
                served[0]++;
                m.unlock();
            });
            tasks.start("second", () -> {
                m.lock();
                served[0]++;
                m.unlock();
            });
            Checkpoint.yieldNow();
            m.unlock();
            first.interrupt();
            tasks.joinAll();
            check(served[0] >= 1 && !m.isLocked() && m.queueLength() == 0, "served " + served[0] + ", left " + m);
        };
    }

    static Scenario bpo32734() {
        return () -> {
            Mutex m = new Mutex("lock");
            int[] inside = {0};
            Invariant.always("at most one holder", () -> inside[0] <= 1);
            m.lock();
            inside[0]++;
            Tasks tasks = new Tasks();
            Thread cancelled = tasks.start("cancelled", () -> {
                try {
                    m.lockInterruptibly();
                } catch (InterruptedException e) {
                    return;
                }
                inside[0]++;
                inside[0]--;
                m.unlock();
            });
            tasks.start("next", () -> {
                m.lock();
                inside[0]++;
                Checkpoint.yieldNow();
                inside[0]--;
                m.unlock();
            });
            tasks.start("newcomer", () -> {
                if (m.tryLock()) {
                    inside[0]++;
                    inside[0]--;
                    m.unlock();
                }
            });
            cancelled.interrupt();
            inside[0]--;
            m.unlock();
            tasks.joinAll();
            check(!m.isLocked() && m.queueLength() == 0, "left " + m);
        };
    }

    static Scenario gh90155() {
        return () -> {
            Semaphore s = new Semaphore("sem", 1);
            s.acquire();
            Tasks tasks = new Tasks();
            int[] served = {0};
            Thread first = tasks.start("first", () -> {
                try {
                    s.acquire();
                } catch (InterruptedException cancelled) {
                    return;
                }
                served[0]++;
                s.release();
            });
            for (String name : List.of("second", "third")) {
                tasks.start(name, () -> {
                    s.acquire();
                    served[0]++;
                    s.release();
                });
            }
            Checkpoint.yieldNow();
            s.release();
            first.interrupt();
            tasks.joinAll();
            check(served[0] >= 2 && s.availablePermits() == 1 && s.queueLength() == 0, "served " + served[0]
                    + ", left " + s);
        };
    }

    static Scenario bpo32841() {
        return () -> {
            Mutex m = new Mutex("lock");
            Condition c = m.newCondition("cond");
            Tasks tasks = new Tasks();
            Thread waiter = tasks.start("waiter", () -> {
                m.lock();
                try {
                    c.await();
                } catch (InterruptedException cancelled) {
                    // cancelled while waiting to re-acquire: must still hold the mutex here
                } finally {
                    check(m.isHeldByCurrentThread(), "returned without the mutex");
                    m.unlock();
                }
            });
            tasks.start("notifier", () -> {
                m.lock();
                c.signal();
                Checkpoint.yieldNow(); // the waiter now waits to re-acquire...
                waiter.interrupt(); // ...and is cancelled there
                m.unlock();
            });
            tasks.joinAll();
            check(!m.isLocked(), "left " + m);
        };
    }
}
