package dev.lockstep.examples;

import dev.lockstep.sync.Event;
import dev.lockstep.task.Clock;
import dev.lockstep.task.Loop;
import dev.lockstep.task.TaskGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's scenario 3: workers must not query a database before its initialisation has finished. With an {@link
 * Event}, each worker parks until {@code set()}: a parked virtual thread holds no carrier, which is shown here by
 * running everything on a single-carrier {@link Loop}, where the initialiser could not run at all if a waiting worker
 * held the carrier. The contrast is the version that polls a flag, which wakes every worker again and again.
 */
public final class InitGate {
    private InitGate() {}

    /** The outcome of one run: how many workers queried, and how many times workers woke up to do it. */
    public record Outcome(int queries, long wakeUps) {}

    /** Better, on a single-carrier Loop: {@code workers} wait on an Event the initialiser sets after {@code initTime}. */
    public static Outcome withEvent(int workers, Duration initTime) throws Exception {
        return Loop.run(() -> gateWithEvent(workers, initTime));
    }

    /** Worse, on a single-carrier Loop: the same workers poll a flag every {@code pollEvery}. */
    public static Outcome withPolling(int workers, Duration initTime, Duration pollEvery) throws Exception {
        return Loop.run(() -> gateWithPolling(workers, initTime, pollEvery));
    }

    /** The Event version on the calling thread's scheduler (a Loop, the explorer, or the default one). */
    public static Outcome gateWithEvent(int workers, Duration initTime) {
        Event ready = new Event("db-ready");
        AtomicLong wakeUps = new AtomicLong();
        AtomicLong queries = new AtomicLong();
        try (TaskGroup g = TaskGroup.open()) {
            for (int i = 0; i < workers; i++) {
                g.spawn(() -> {
                    ready.await(); // parks: no carrier, no CPU
                    wakeUps.incrementAndGet();
                    queries.incrementAndGet();
                    return null;
                });
            }
            g.spawn("initialiser", () -> {
                Clock.sleep(initTime); // connecting...
                ready.set();
                return null;
            });
        }
        return new Outcome((int) queries.get(), wakeUps.get());
    }

    /** The polling version on the calling thread's scheduler. */
    public static Outcome gateWithPolling(int workers, Duration initTime, Duration pollEvery) {
        // Atomic, not a plain flag: the pollers run on other threads, and a plain flag would be a data race.
        java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicLong wakeUps = new AtomicLong();
        AtomicLong queries = new AtomicLong();
        try (TaskGroup g = TaskGroup.open()) {
            for (int i = 0; i < workers; i++) {
                g.spawn(() -> {
                    while (!ready.get()) {
                        Clock.sleep(pollEvery); // wakes up, looks, sleeps again
                        wakeUps.incrementAndGet();
                    }
                    queries.incrementAndGet();
                    return null;
                });
            }
            g.spawn("initialiser", () -> {
                Clock.sleep(initTime);
                ready.set(true);
                return null;
            });
        }
        return new Outcome((int) queries.get(), wakeUps.get());
    }
}
