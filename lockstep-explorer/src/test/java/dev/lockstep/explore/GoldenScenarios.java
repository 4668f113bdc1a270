package dev.lockstep.explore;

import dev.lockstep.sync.Guard;
import dev.lockstep.sync.Mutex;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.task.Checkpoint;
import dev.lockstep.task.Clock;
import dev.lockstep.task.TaskGroup;
import java.time.Duration;

/**
 * Scenarios whose traces are pinned by golden files. Their source lines appear in the traces: edit this file only
 * together with the files under src/test/resources/golden (regenerate with -Dlockstep.updateGolden=true).
 */
final class GoldenScenarios {
    private GoldenScenarios() {}

    /** The seed's read-suspend-write counter, two workers. */
    static Scenario lostUpdate() {
        return () -> {
            int[] counter = {0};
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 1; i <= 2; i++) {
                    g.spawn("worker-" + i, () -> {
                        int t = counter[0];
                        Checkpoint.yieldNow();
                        counter[0] = t + 1;
                        return null;
                    });
                }
            }
            if (counter[0] != 2) {
                throw new AssertionError("expected 2, got " + counter[0]);
            }
        };
    }

    /** Two mutexes taken in opposite orders, with a semaphore-throttled sleep in between. */
    static Scenario deadlock() {
        return () -> {
            Mutex account = new Mutex("account");
            Mutex audit = new Mutex("audit");
            Semaphore api = new Semaphore("api", 1);
            try (TaskGroup g = TaskGroup.open()) {
                g.spawn("transfer", () -> {
                    try (Guard a = account.acquire()) {
                        try (Guard p = api.permit()) {
                            Clock.sleep(Duration.ofMillis(10));
                        }
                        try (Guard b = audit.acquire()) {
                            return null;
                        }
                    }
                });
                g.spawn("report", () -> {
                    try (Guard b = audit.acquire(); Guard a = account.acquire()) {
                        return null;
                    }
                });
            }
        };
    }
}
