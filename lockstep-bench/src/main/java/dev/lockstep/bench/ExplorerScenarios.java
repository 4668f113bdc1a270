package dev.lockstep.bench;

import dev.lockstep.explore.Scenario;
import dev.lockstep.sync.Condition;
import dev.lockstep.sync.Guard;
import dev.lockstep.sync.Mutex;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.task.Checkpoint;
import dev.lockstep.workload.LostUpdate;
import java.util.ArrayDeque;

/** The scenarios whose exploration speed the benchmarks measure. */
public final class ExplorerScenarios {
    private ExplorerScenarios() {}

    /** The seed's lost update, 3 tasks: {@code int t = counter; Checkpoint.yieldNow(); counter = t + 1;}. */
    public static Scenario lostUpdate() {
        return LostUpdate.scenario(); // one copy, in the package the agent instruments (AgentPairs runs it with it)
    }

    /**
     * The seed's lost update fixed: 3 tasks increment a counter under a {@link Mutex}, with a yield inside the critical
     * section (the scenario the explorer's parallel table measures; it never fails).
     */
    public static Scenario lostUpdateFixed() {
        return () -> {
            int[] counter = {0};
            Mutex m = new Mutex("counter");
            Thread[] ts = new Thread[3];
            for (int i = 0; i < 3; i++) {
                ts[i] = Thread.ofVirtual().start(() -> {
                    m.lock();
                    try {
                        int t = counter[0];
                        Checkpoint.yieldNow();
                        counter[0] = t + 1;
                    } finally {
                        m.unlock();
                    }
                });
            }
            for (Thread t : ts) {
                t.join();
            }
            if (counter[0] != 3) {
                throw new AssertionError("lost an update under a Mutex: " + counter[0]);
            }
        };
    }

    /** A bounded buffer of 2 with a Mutex and two Conditions: 2 producers and 2 consumers, 2 items each. */
    public static Scenario boundedBuffer() {
        return () -> {
            Mutex m = new Mutex("buffer");
            Condition notFull = m.newCondition();
            Condition notEmpty = m.newCondition();
            ArrayDeque<Integer> items = new ArrayDeque<>();
            Thread[] ts = new Thread[4];
            for (int p = 0; p < 2; p++) {
                ts[p] = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 2; i++) {
                        try (Guard g = m.acquire()) {
                            notFull.awaitUntil(() -> items.size() < 2);
                            items.add(i);
                            notEmpty.signal();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            for (int c = 2; c < 4; c++) {
                ts[c] = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 2; i++) {
                        try (Guard g = m.acquire()) {
                            notEmpty.awaitUntil(() -> !items.isEmpty());
                            items.poll();
                            notFull.signal();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            for (Thread t : ts) {
                t.join();
            }
        };
    }

    /** Five tasks share a Semaphore of 2, each holding a permit across a suspension point. */
    public static Scenario semaphore5() {
        return () -> {
            Semaphore s = new Semaphore("api", 2);
            Thread[] ts = new Thread[5];
            for (int i = 0; i < 5; i++) {
                ts[i] = Thread.ofVirtual().start(() -> {
                    try (Guard permit = s.permit()) {
                        Checkpoint.yieldNow();
                    } catch (InterruptedException e) {
                        // not in a benchmark
                    }
                });
            }
            for (Thread t : ts) {
                t.join();
            }
        };
    }

    /** {@code tasks} tasks that each pass {@code steps} scheduling points. */
    public static Scenario scaling(int tasks, int steps) {
        return () -> {
            Thread[] ts = new Thread[tasks];
            for (int i = 0; i < tasks; i++) {
                ts[i] = Thread.ofVirtual().start(() -> {
                    for (int s = 0; s < steps; s++) {
                        Checkpoint.yieldNow();
                    }
                });
            }
            for (Thread t : ts) {
                t.join();
            }
        };
    }
}
