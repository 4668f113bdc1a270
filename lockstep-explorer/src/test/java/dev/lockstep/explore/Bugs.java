package dev.lockstep.explore;

import dev.lockstep.sync.Condition;
import dev.lockstep.sync.Guard;
import dev.lockstep.sync.Mutex;
import dev.lockstep.sync.QueueShutdownException;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.sync.WorkQueue;
import dev.lockstep.task.Checkpoint;
import dev.lockstep.task.Clock;
import dev.lockstep.task.TaskGroup;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/** The bugs the explorer must find, each next to its fixed version. Every scenario builds fresh state per run. */
final class Bugs {
    private Bugs() {}

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /** Starts {@code n} copies of {@code body} in a TaskGroup and waits for them. */
    static void fanOut(int n, Runnable body) {
        try (TaskGroup g = TaskGroup.open()) {
            for (int i = 0; i < n; i++) {
                g.spawn("worker-" + (i + 1), () -> {
                    body.run();
                    return null;
                });
            }
        }
    }

    interface Body {
        void run() throws Exception;
    }

    static Runnable unchecked(Body b) {
        return () -> {
            try {
                b.run();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        };
    }

    // ---- the seed's scenario 1: read, suspend, write -----------------------------------------------------------

    static Scenario lostUpdateYield() {
        return () -> {
            int[] counter = {0};
            fanOut(3, () -> {
                int t = counter[0];
                Checkpoint.yieldNow();
                counter[0] = t + 1;
            });
            check(counter[0] == 3, "expected counter == 3, got " + counter[0]);
        };
    }

    static Scenario lostUpdateSleep() {
        return () -> {
            int[] counter = {0};
            fanOut(3, unchecked(() -> {
                int t = counter[0];
                Clock.sleep(Duration.ofMillis(10));
                counter[0] = t + 1;
            }));
            check(counter[0] == 3, "expected counter == 3, got " + counter[0]);
        };
    }

    static Scenario lostUpdateFixed() {
        return () -> {
            int[] counter = {0};
            Mutex lock = new Mutex("counter");
            fanOut(3, unchecked(() -> {
                try (Guard held = lock.acquire()) {
                    int t = counter[0];
                    Clock.sleep(Duration.ofMillis(10));
                    counter[0] = t + 1;
                }
            }));
            check(counter[0] == 3, "expected counter == 3, got " + counter[0]);
        };
    }

    /** The same race with java.util.concurrent and plain threads, suspended by Thread.yield. */
    static Scenario lostUpdateJuc() {
        return () -> {
            java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 2; i++) {
                    ex.submit(() -> {
                        int t = counter.get();
                        Thread.yield();
                        counter.set(t + 1);
                    });
                }
            }
            check(counter.get() == 2, "expected counter == 2, got " + counter.get());
        };
    }

    static Scenario lostUpdateJucFixed() {
        return () -> {
            int[] counter = {0};
            ReentrantLock lock = new ReentrantLock();
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 2; i++) {
                    ex.submit(() -> {
                        lock.lock();
                        try {
                            int t = counter[0];
                            Thread.yield();
                            counter[0] = t + 1;
                        } finally {
                            lock.unlock();
                        }
                    });
                }
            }
            check(counter[0] == 2, "expected counter == 2, got " + counter[0]);
        };
    }

    // ---- check-then-act on a map -------------------------------------------------------------------------------

    static Scenario checkThenAct() {
        return () -> {
            Map<String, Integer> cache = new ConcurrentHashMap<>();
            int[] loads = {0};
            fanOut(2, unchecked(() -> {
                if (!cache.containsKey("user:1")) {
                    Clock.sleep(Duration.ofMillis(5)); // the expensive load
                    loads[0]++;
                    cache.put("user:1", 42);
                }
            }));
            check(loads[0] == 1, "the value was loaded " + loads[0] + " times");
        };
    }

    static Scenario checkThenActFixed() {
        return () -> {
            Map<String, Integer> cache = new HashMap<>();
            Mutex lock = new Mutex("cache");
            int[] loads = {0};
            fanOut(2, unchecked(() -> {
                try (Guard held = lock.acquire()) {
                    if (!cache.containsKey("user:1")) {
                        Clock.sleep(Duration.ofMillis(5));
                        loads[0]++;
                        cache.put("user:1", 42);
                    }
                }
            }));
            check(loads[0] == 1, "the value was loaded " + loads[0] + " times");
        };
    }

    // ---- a Condition checked with if instead of a loop ---------------------------------------------------------

    static Scenario conditionIf(boolean fixed) {
        return () -> {
            Mutex m = new Mutex("buffer");
            Condition notEmpty = m.newCondition();
            ArrayDeque<Integer> items = new ArrayDeque<>();
            try (TaskGroup g = TaskGroup.open()) {
                for (int c = 0; c < 2; c++) {
                    g.spawn("consumer-" + (c + 1), () -> {
                        try (Guard held = m.acquire()) {
                            if (fixed) {
                                notEmpty.awaitUntil(() -> !items.isEmpty());
                            } else if (items.isEmpty()) {
                                notEmpty.await(); // woken, but another consumer may have taken the item first
                            }
                            return items.removeFirst();
                        }
                    });
                }
                g.spawn("producer", () -> {
                    for (int i = 1; i <= 2; i++) {
                        try (Guard held = m.acquire()) {
                            items.addLast(i);
                            notEmpty.signal();
                        }
                    }
                    return null;
                });
            }
        };
    }

    static Scenario conditionIfJuc() {
        return () -> {
            ReentrantLock m = new ReentrantLock();
            java.util.concurrent.locks.Condition notEmpty = m.newCondition();
            ArrayDeque<Integer> items = new ArrayDeque<>();
            try (TaskGroup g = TaskGroup.open()) {
                for (int c = 0; c < 2; c++) {
                    g.spawn("consumer-" + (c + 1), () -> {
                        m.lock();
                        try {
                            if (items.isEmpty()) {
                                notEmpty.await();
                            }
                            return items.removeFirst();
                        } finally {
                            m.unlock();
                        }
                    });
                }
                g.spawn("producer", () -> {
                    for (int i = 1; i <= 2; i++) {
                        m.lock();
                        try {
                            items.addLast(i);
                            notEmpty.signal();
                        } finally {
                            m.unlock();
                        }
                        Thread.yield();
                    }
                    return null;
                });
            }
        };
    }

    // ---- ABBA deadlock -----------------------------------------------------------------------------------------

    static Scenario abba(boolean fixed) {
        return () -> {
            Mutex a = new Mutex("a");
            Mutex b = new Mutex("b");
            try (TaskGroup g = TaskGroup.open()) {
                g.spawn("left", () -> {
                    try (Guard ga = a.acquire(); Guard gb = b.acquire()) {
                        return null;
                    }
                });
                g.spawn("right", () -> {
                    Mutex first = fixed ? a : b;
                    Mutex second = fixed ? b : a;
                    try (Guard g1 = first.acquire(); Guard g2 = second.acquire()) {
                        return null;
                    }
                });
            }
        };
    }

    static Scenario abbaJuc() {
        return () -> {
            ReentrantLock a = new ReentrantLock();
            ReentrantLock b = new ReentrantLock();
            Thread left = Thread.ofVirtual().name("left").start(() -> {
                a.lock();
                Thread.yield();
                b.lock();
                b.unlock();
                a.unlock();
            });
            Thread right = Thread.ofVirtual().name("right").start(() -> {
                b.lock();
                Thread.yield();
                a.lock();
                a.unlock();
                b.unlock();
            });
            left.join();
            right.join();
        };
    }

    // ---- a permit leaked on an exception path -------------------------------------------------------------------

    static Scenario leakedPermit(boolean fixed) {
        return () -> {
            Semaphore api = new Semaphore("api", 1);
            boolean[] failedOnce = {false};
            fanOut(2, unchecked(() -> {
                try {
                    if (fixed) {
                        try (Guard permit = api.permit()) {
                            call(failedOnce);
                        }
                    } else {
                        api.acquire();
                        call(failedOnce); // throws the first time: the release below is skipped
                        api.release();
                    }
                } catch (IllegalStateException handled) {
                    // logged and swallowed; the permit is gone
                }
            }));
        };
    }

    static Scenario leakedPermitJuc() {
        return () -> {
            java.util.concurrent.Semaphore api = new java.util.concurrent.Semaphore(1, true);
            boolean[] failedOnce = {false};
            fanOut(2, unchecked(() -> {
                try {
                    api.acquire();
                    call(failedOnce);
                    api.release();
                } catch (IllegalStateException handled) {
                    // the permit is gone
                }
            }));
        };
    }

    private static void call(boolean[] failedOnce) throws InterruptedException {
        Checkpoint.yieldNow();
        if (!failedOnce[0]) {
            failedOnce[0] = true;
            throw new IllegalStateException("the API returned 503");
        }
    }

    // ---- WorkQueue.join that never returns -----------------------------------------------------------------------

    static Scenario forgottenTaskDone(boolean fixed) {
        return () -> {
            WorkQueue<Integer> jobs = WorkQueue.<Integer>fifo(4).named("jobs");
            try (TaskGroup g = TaskGroup.open()) {
                for (int c = 0; c < 2; c++) {
                    g.spawn("consumer-" + (c + 1), () -> {
                        try {
                            for (;;) {
                                int job = jobs.take();
                                if (job % 2 == 0 && !fixed) {
                                    continue; // skips even jobs... and forgets to mark them done
                                }
                                jobs.taskDone();
                            }
                        } catch (QueueShutdownException done) {
                            return null;
                        }
                    });
                }
                for (int i = 1; i <= 3; i++) {
                    jobs.put(i);
                }
                jobs.join();
                jobs.shutdown();
            }
        };
    }
}
