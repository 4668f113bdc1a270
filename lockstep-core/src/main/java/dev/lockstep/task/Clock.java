package dev.lockstep.task;

import dev.lockstep.internal.Blockers;
import dev.lockstep.internal.Durations;
import dev.lockstep.internal.Parking;
import dev.lockstep.internal.Waiter;
import dev.lockstep.internal.hook.Hooks;
import dev.lockstep.internal.hook.Op;
import java.time.Duration;
import java.util.Objects;

/**
 * The time that Lockstep's sleeps and timeouts are measured in. Everywhere but under the explorer it is real time:
 * {@link #nanoTime()} is {@link System#nanoTime()} and {@link #sleep} parks for the duration. Under the explorer it is
 * virtual: it stands still while any task can run and jumps to the next deadline when none can, so a scenario that
 * sleeps for an hour is explored in milliseconds. The timed methods of every Lockstep primitive use this clock.
 *
 * {@snippet :
 * long start = Clock.nanoTime();
 * Clock.sleep(Duration.ofSeconds(10));          // virtual under the explorer: returns at once
 * assert Clock.nanoTime() - start >= 10_000_000_000L;
 * }
 *
 * <p><b>Interruption.</b> {@link #sleep} throws {@link InterruptedException} if interrupted before or during the sleep
 * (interrupt status cleared), and {@link TimeoutCancellationException} if an enclosing {@link Timeout} expires first.
 * A zero or negative duration is {@link Checkpoint#yieldNow()}.
 */
public final class Clock {
    private Clock() {}

    /** Sleeps for {@code duration} of this clock's time. */
    public static void sleep(Duration duration) throws InterruptedException {
        Objects.requireNonNull(duration, "Clock.sleep: duration must not be null");
        long nanos = Durations.saturatedNanos(duration);
        Parking.checkInterrupt(Clock.class);
        if (nanos <= 0) {
            Checkpoint.yieldNow();
            return;
        }
        Hooks.point(null, Clock.class, Op.SLEEP);
        // Nobody ever grants this waiter: the loop returns only on timeout, interrupt or an enclosing Timeout.
        int r = Parking.await(new Waiter(Thread.currentThread()), Waiter.WAITING, Blockers.SLEEP, true, true,
                Parking.deadline(nanos));
        if (r == Parking.INTERRUPTED || r == Parking.SCOPE_EXPIRED) {
            throw Parking.interruption(r, Blockers.SLEEP);
        }
    }

    /** This clock's reading in nanoseconds, for measuring intervals only (as {@link System#nanoTime()}). */
    public static long nanoTime() {
        return Hooks.nanoTime();
    }
}
