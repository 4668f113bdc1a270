package dev.lockstep.workload;

import dev.lockstep.explore.Scenario;
import dev.lockstep.task.Checkpoint;

/**
 * The seed's lost update as the explorer benchmarks run it, here so that the agent instruments it: three tasks read a
 * counter, yield, and write it back.
 */
public final class LostUpdate {
    private LostUpdate() {}

    /** Three tasks: {@code int t = counter; Checkpoint.yieldNow(); counter = t + 1;}. Never fails: no assertion. */
    public static Scenario scenario() {
        return () -> {
            int[] counter = {0};
            Thread[] ts = new Thread[3];
            for (int i = 0; i < 3; i++) {
                ts[i] = Thread.ofVirtual().start(() -> {
                    int t = counter[0];
                    Checkpoint.yieldNow();
                    counter[0] = t + 1;
                });
            }
            for (Thread t : ts) {
                t.join();
            }
        };
    }

    /**
     * The same three tasks with the read and the write in one {@code synchronized} block, the yield outside it: no
     * lost update and no data race, so that the race detector's cost is measured over whole explorations.
     */
    public static Scenario guarded() {
        return () -> {
            int[] counter = {0};
            Thread[] ts = new Thread[3];
            for (int i = 0; i < 3; i++) {
                ts[i] = Thread.ofVirtual().start(() -> {
                    synchronized (counter) {
                        int t = counter[0];
                        counter[0] = t + 1;
                    }
                    Checkpoint.yieldNow();
                    synchronized (counter) {
                        counter[0]++;
                    }
                });
            }
            for (Thread t : ts) {
                t.join();
            }
        };
    }
}
