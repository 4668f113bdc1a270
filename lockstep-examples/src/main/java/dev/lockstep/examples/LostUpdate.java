package dev.lockstep.examples;

import dev.lockstep.explore.Scenario;
import dev.lockstep.sync.Guard;
import dev.lockstep.sync.Mutex;
import dev.lockstep.task.Clock;
import dev.lockstep.task.TaskGroup;
import java.time.Duration;

/**
 * The seed's scenario 1: read, suspend, write. A task reads the counter, blocks (the seed's {@code
 * asyncio.sleep(0.01)}: an I/O call), and writes back what it read plus one; meanwhile another task did the same, and
 * one update is lost. Single-threaded asyncio does not prevent it, and neither do virtual threads: the race is at the
 * suspension point, not in the CPU.
 */
public final class LostUpdate {
    private int counter;
    private final Mutex lock = new Mutex("counter");

    /** Bad: the read and the write straddle a suspension point. */
    public void incrementBad() throws InterruptedException {
        int temp = counter;
        Clock.sleep(Duration.ofMillis(10)); // suspension point: others run and read the old value
        counter = temp + 1; // overwrites their updates
    }

    /** Better: the whole read-suspend-write holds the mutex, so others wait at acquire(). */
    public void incrementBetter() throws InterruptedException {
        try (Guard held = lock.acquire()) {
            int temp = counter;
            Clock.sleep(Duration.ofMillis(10));
            counter = temp + 1;
        }
    }

    public int value() {
        return counter;
    }

    /** {@code tasks} tasks each increment once with {@link #incrementBad()}; fails if an update was lost. */
    public static Scenario bad(int tasks) {
        return () -> run(tasks, false);
    }

    /** The same with {@link #incrementBetter()}. */
    public static Scenario better(int tasks) {
        return () -> run(tasks, true);
    }

    private static void run(int tasks, boolean better) {
        LostUpdate c = new LostUpdate();
        try (TaskGroup g = TaskGroup.open()) {
            for (int i = 1; i <= tasks; i++) {
                g.spawn("increment-" + i, () -> {
                    if (better) {
                        c.incrementBetter();
                    } else {
                        c.incrementBad();
                    }
                    return null;
                });
            }
        }
        if (c.value() != tasks) {
            throw new AssertionError("expected counter == " + tasks + " after " + tasks + " increments, got "
                    + c.value());
        }
    }
}
