package dev.lockstep.cli;

import dev.lockstep.junit.ExploreTest;
import dev.lockstep.task.Checkpoint;
import dev.lockstep.task.TaskGroup;

/** Explorer tests for the command line to run: one race, one fix. */
public class Samples {
    int counter;

    void increments(boolean locked) {
        dev.lockstep.sync.Mutex m = new dev.lockstep.sync.Mutex("counter");
        try (TaskGroup g = TaskGroup.open()) {
            for (int i = 0; i < 2; i++) {
                g.spawn(() -> {
                    if (locked) {
                        m.lock();
                    }
                    try {
                        int t = counter;
                        Checkpoint.yieldNow();
                        counter = t + 1;
                    } finally {
                        if (locked) {
                            m.unlock();
                        }
                    }
                    return null;
                });
            }
        }
        if (counter != 2) {
            throw new AssertionError("expected 2, got " + counter);
        }
    }

    @ExploreTest(seed = 5, iterations = 500)
    public void racy() {
        increments(false);
    }

    @ExploreTest(strategy = "dfs", maxPreemptions = 2, iterations = 10_000)
    public void locked() {
        increments(true);
    }
}
