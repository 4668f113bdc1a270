package dev.lockstep.examples;

import dev.lockstep.sync.BoundedSemaphore;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.task.Checkpoint;
import dev.lockstep.task.DebugReport;
import dev.lockstep.task.Loop;
import dev.lockstep.task.TaskGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The seed's three closing questions, answered in code. */
public final class SeedQuestions {
    private SeedQuestions() {}

    /**
     * Question 1: without a suspension point, is there still a race? On a Loop, no: code between two blocking points
     * runs atomically, so {@code tasks} tasks incrementing a plain int never lose an update.
     *
     * @return the counter after {@code tasks * increments} unsynchronized increments
     */
    public static int atomicWithoutSuspension(int tasks, int increments) throws Exception {
        return Loop.run(() -> {
            int[] counter = {0};
            try (TaskGroup g = TaskGroup.open()) {
                for (int t = 0; t < tasks; t++) {
                    g.spawn(() -> {
                        for (int i = 0; i < increments; i++) {
                            counter[0]++;
                        }
                        return null;
                    });
                }
            }
            return counter[0];
        });
    }

    /**
     * Question 1, the price: the same code blocks the loop while it runs. Debug mode names the task that kept the
     * carrier too long, with its stack.
     *
     * @return the debug reports of a loop where one task computes for {@code busy} without blocking
     */
    public static List<DebugReport> blockingTheLoop(Duration busy, Duration threshold) throws Exception {
        List<DebugReport> reports = new ArrayList<>();
        Loop.builder().debug(true).slowTaskThreshold(threshold).onReport(r -> {
            synchronized (reports) {
                reports.add(r);
            }
        }).run(() -> {
            try (TaskGroup g = TaskGroup.open()) {
                g.spawn("number-cruncher", () -> {
                    long end = System.nanoTime() + busy.toNanos();
                    long x = 0;
                    while (System.nanoTime() < end) {
                        x += CpuFanOut.heavy((int) x); // no suspension point: nobody else runs meanwhile
                    }
                    return x;
                });
                g.spawn("heartbeat", () -> {
                    Checkpoint.yieldNow();
                    return null;
                });
            }
            return null;
        });
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }

    /**
     * Question 2: BoundedSemaphore against Semaphore. One release too many raises a plain semaphore's limit for good;
     * a bounded one refuses it.
     *
     * @return the message of the refusal, and the permits a plain semaphore has after the same mistake
     */
    public static String overRelease() throws InterruptedException {
        Semaphore plain = new Semaphore("plain", 2);
        plain.acquire();
        plain.release();
        plain.release(); // the bug: now 3 calls may run at once
        BoundedSemaphore bounded = new BoundedSemaphore("bounded", 2);
        bounded.acquire();
        bounded.release();
        try {
            bounded.release();
            return "not refused";
        } catch (IllegalStateException refused) {
            return refused.getMessage() + " | a plain Semaphore now has " + plain.availablePermits()
                    + " permits for a limit of 2";
        }
    }
}
