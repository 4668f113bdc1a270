package dev.lockstep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The wake-ahead that hides the next waiter's wake-up behind the current holder's turn: whom it picks, how it backs
 * off when woken waiters spin out or (platform threads) never ran before their turn, and that a woken waiter still
 * waits for its own turn.
 */
class WakeAheadTest {

    private static Waiter queued(WaitList list, Thread thread) {
        Waiter w = new Waiter(thread);
        list.addSpinning(w, Thread.currentThread());
        return w;
    }

    private static Thread platform() {
        return Thread.ofPlatform().unstarted(() -> {});
    }

    @Test
    void picksTheNewHeadOnceTheFirstWaiterIsServed() {
        WaitList list = new WaitList();
        Waiter first = queued(list, platform());
        Waiter second = queued(list, platform());
        assertSame(first, list.poll());
        assertSame(second, list.wakeAheadAfter(first));
        assertSame(second, list.poll());
        assertNull(list.wakeAheadAfter(second), "nobody left to wake");
    }

    @Test
    void neverWakesAheadWhereThreadsDoNotRunInParallel() {
        WaitList list = new WaitList();
        Waiter first = queued(list, platform());
        // A virtual thread on a custom scheduler (a Loop, the explorer) would only delay the holder by spinning.
        queued(list, VThreads.builder(Runnable::run).unstarted(() -> {}));
        assertSame(first, list.poll());
        assertNull(list.wakeAheadAfter(first));
    }

    @Test
    void aForkJoinPoolRunsVirtualThreadsInParallelOnlyWithMoreThanOneCarrier() {
        try (ForkJoinPool one = new ForkJoinPool(1); ForkJoinPool two = new ForkJoinPool(2)) {
            Thread onOne = VThreads.builder(one).unstarted(() -> {});
            Thread onTwo = VThreads.builder(two).unstarted(() -> {});
            assertFalse(VThreads.runsInParallel(onOne), "one carrier runs one task at a time");
            assertTrue(VThreads.runsInParallel(onTwo));
            assertTrue(VThreads.runsInParallel(platform()));

            WaitList list = new WaitList();
            Waiter first = queued(list, platform());
            Waiter second = queued(list, onOne);
            assertFalse(second.parallel);
            assertSame(first, list.poll());
            assertNull(list.wakeAheadAfter(first), "no wake-ahead for a waiter that would spin on the holder's carrier");
        }
    }

    @Test
    void backsOffAfterSpunOutWakeUpsAndComesBackWhenTheyArriveInTime() {
        WaitList list = new WaitList();
        Waiter head = queued(list, platform());
        Waiter served = new Waiter(platform());

        served.ahead = Waiter.AHEAD_SPUN_OUT;
        assertNull(list.wakeAheadAfter(served), "a waiter that spun out turns waking ahead off");
        served.ahead = Waiter.AHEAD_SPUN_OUT;
        assertNull(list.wakeAheadAfter(served));

        served.ahead = Waiter.AHEAD_NONE;
        assertEquals(2, picks(list, served, 128), "after misses, only one release in 64 probes");

        served.ahead = Waiter.AHEAD_WOKEN;
        list.wakeAheadAfter(served);
        served.ahead = Waiter.AHEAD_WOKEN;
        list.wakeAheadAfter(served);
        served.ahead = Waiter.AHEAD_NONE;
        for (int i = 0; i < 8; i++) {
            assertSame(head, list.wakeAheadAfter(served), "wake-ups that arrived in time switch it back on");
        }
    }

    @Test
    void aWokenWaiterThatNeverRanBeforeItsTurnCountsAsAMiss() {
        // More runnable threads than processors: the woken waiter was still waiting for a CPU when it was served,
        // so the hand-off had to unpark it anyway and the wake-ahead only added a wake-up.
        WaitList list = new WaitList();
        Waiter head = queued(list, platform());
        Waiter served = new Waiter(platform());
        servedAfterWakeAhead(list, served, true, 2);
        assertEquals(2, picks(list, served, 128), "backs off as after spun-out wake-ups");

        // The same outcome with the waiter awake (it ran, and was spinning when served) is a hit.
        servedAfterWakeAhead(list, served, false, 2);
        assertSame(head, list.wakeAheadAfter(served), "a woken waiter that was awake at its turn switches it back on");
    }

    @Test
    void aWokenVirtualWaiterThatHasNotRunYetIsNoMiss() {
        // Its wake-up was an early submission to the carriers; unparking it again at its turn costs nothing.
        WaitList list = new WaitList();
        Waiter head = queued(list, platform());
        Waiter served = new Waiter(Thread.ofVirtual().unstarted(() -> {}));
        servedAfterWakeAhead(list, served, true, 4);
        assertEquals(128, picks(list, served, 128), "still waking ahead on every release");
        assertSame(head, list.wakeAheadAfter(served));
    }

    /**
     * Reports {@code times} releases that served {@code served} after it had been woken ahead, still parked or not,
     * and leaves it with no wake-ahead outcome, so that later releases only read the score.
     */
    private static void servedAfterWakeAhead(WaitList list, Waiter served, boolean parked, int times) {
        for (int i = 0; i < times; i++) {
            served.ahead = Waiter.AHEAD_WOKEN;
            served.parked = parked;
            list.wakeAheadAfter(served);
        }
        served.ahead = Waiter.AHEAD_NONE;
    }

    /** How many of {@code releases} releases after {@code served} would wake a waiter ahead. */
    private static int picks(WaitList list, Waiter served, int releases) {
        int picked = 0;
        for (int i = 0; i < releases; i++) {
            if (list.wakeAheadAfter(served) != null) {
                picked++;
            }
        }
        return picked;
    }

    @Test
    void aWaiterThatIsNotParkedIsLeftAlone() {
        WaitList list = new WaitList();
        queued(list, platform());
        Waiter w = queued(list, platform()); // second in line: no spin of its own on arrival
        w.wakeAhead();
        assertEquals(Waiter.AHEAD_NONE, w.ahead);
        assertFalse(w.spin);
    }

    @Test
    void aWokenWaiterSpinsOutParksAgainAndStillTakesOnlyItsOwnGrant() throws Exception {
        WaitList list = new WaitList();
        AtomicInteger outcome = new AtomicInteger(Integer.MIN_VALUE);
        Waiter[] box = new Waiter[1];
        Thread waiter = Thread.ofPlatform().unstarted(() -> outcome.set(
                Parking.await(box[0], Waiter.WAITING, list, false, false, 0L)));
        box[0] = new Waiter(waiter);
        list.add(new Waiter(platform())); // someone ahead, so the waiter does not spin on arrival
        list.addSpinning(box[0], null);
        Waiter w = box[0];
        waiter.start();

        awaitState(() -> w.parked && waiter.getState() == Thread.State.WAITING, "the waiter parks");
        w.wakeAhead();
        awaitState(() -> w.ahead == Waiter.AHEAD_SPUN_OUT, "the woken waiter spins out");
        awaitState(() -> waiter.getState() == Thread.State.WAITING, "and parks again");
        assertEquals(Integer.MIN_VALUE, outcome.get(), "a wake-ahead is not a grant");

        w.status = Waiter.GRANTED;
        w.wake();
        waiter.join();
        assertEquals(Waiter.GRANTED, outcome.get());
        assertEquals(2, list.size(), "the queue itself is untouched by waking ahead");
    }

    /** Waits, without sleeping, for another thread to reach a state this test cannot order otherwise. */
    private static void awaitState(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }
}
