package dev.lockstep.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.sync.Guard;
import dev.lockstep.sync.Mutex;
import dev.lockstep.testkit.Steps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopTest {

    /** The seed's scenario 1, bad version: read, suspend, write. */
    static int counter;

    @Test
    void readYieldWriteLosesUpdatesOnALoop() throws Exception {
        int result = Loop.run(() -> {
            counter = 0;
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < 3; i++) {
                    g.spawn(() -> {
                        int t = counter;
                        Checkpoint.yieldNow();
                        counter = t + 1;
                        return null;
                    });
                }
            }
            return counter;
        });
        assertEquals(1, result, "every task read 0 before any wrote: two updates are lost, every time");
    }

    @Test
    void readSleepWriteLosesUpdatesToo() throws Exception {
        int result = Loop.run(() -> {
            counter = 0;
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < 3; i++) {
                    g.spawn(() -> {
                        int t = counter;
                        Clock.sleep(Duration.ofMillis(10));
                        counter = t + 1;
                        return null;
                    });
                }
            }
            return counter;
        });
        assertEquals(1, result);
    }

    @Test
    void mutexAcrossTheSuspensionPointKeepsEveryUpdate() throws Exception {
        int result = Loop.run(() -> {
            counter = 0;
            Mutex lock = new Mutex("counter");
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < 3; i++) {
                    g.spawn(() -> {
                        try (Guard held = lock.acquire()) {
                            int t = counter;
                            Clock.sleep(Duration.ofMillis(1));
                            counter = t + 1;
                        }
                        return null;
                    });
                }
            }
            return counter;
        });
        assertEquals(3, result);
    }

    @Test
    void codeWithoutABlockingPointRunsAtomically() throws Exception {
        // A plain int, incremented without any synchronization by 8 tasks: exact on a Loop.
        int result = Loop.run(() -> {
            int[] plain = {0};
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < 8; i++) {
                    g.spawn(() -> {
                        for (int k = 0; k < 100_000; k++) {
                            plain[0]++;
                        }
                        return null;
                    });
                }
            }
            return plain[0];
        });
        assertEquals(800_000, result);
    }

    @Test
    void tasksRunInTheOrderTheyBecomeReady() throws Exception {
        Steps steps = new Steps();
        Loop.run(() -> {
            try (TaskGroup g = TaskGroup.open()) {
                for (String name : List.of("a", "b", "c")) {
                    g.spawn(name, () -> {
                        steps.mark(name + "1");
                        Checkpoint.yieldNow();
                        steps.mark(name + "2");
                        return null;
                    });
                }
                steps.mark("main");
            }
            return null;
        });
        steps.assertOrder("main", "a1", "b1", "c1", "a2", "b2", "c2");
    }

    @Test
    void everyWayOfStartingAVirtualThreadRunsOnTheLoop() throws Exception {
        Steps steps = new Steps();
        Loop.run(() -> {
            Thread direct = Thread.ofVirtual().name("direct").start(() -> steps.mark("direct"));
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<?> f = ex.submit(() -> steps.mark("executor"));
                steps.mark("main"); // nothing else ran yet: main has not blocked
                f.get();
            }
            direct.join();
            return null;
        });
        steps.assertOrder("main", "direct", "executor");
    }

    @Test
    void mainResultAndExceptionComeBack() throws Exception {
        assertEquals("done", Loop.run(() -> "done"));
        IOException thrown = new IOException("boom");
        assertSame(thrown, assertThrows(IOException.class, () -> Loop.run(() -> {
            throw thrown;
        })));
        assertThrows(NullPointerException.class, () -> Loop.run(null));
    }

    @Test
    void leftoverTasksAreInterruptedWhenMainReturns() throws Exception {
        Thread[] leftover = new Thread[1];
        Loop.run(() -> {
            leftover[0] = Thread.ofVirtual().name("leftover").start(() -> {
                try {
                    Clock.sleep(Duration.ofHours(1));
                } catch (InterruptedException expected) {
                    // cancelled by the loop
                }
            });
            Checkpoint.yieldNow(); // let it start sleeping
            return null;
        });
        assertTrue(leftover[0].join(Duration.ofSeconds(10)), "the leftover task was cancelled and ended");
    }

    @Test
    void runFromAVirtualThreadLendsTheLoopACarrier() throws Exception {
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                assertEquals(1, Loop.run(() -> {
                    counter = 0;
                    try (TaskGroup g = TaskGroup.open()) {
                        for (int i = 0; i < 2; i++) {
                            g.spawn(() -> {
                                int t = counter;
                                Checkpoint.yieldNow();
                                counter = t + 1;
                                return null;
                            });
                        }
                    }
                    return counter;
                }));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        caller.join();
    }

    @Test
    void withoutTheOpensFlagTheLoopSaysWhichFlagToAdd() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                NoFlagMain.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("--add-opens java.base/java.lang=ALL-UNNAMED"), out);
    }

    /** Runs a Loop in a JVM started without --add-opens. */
    public static final class NoFlagMain {
        public static void main(String[] args) throws Exception {
            List<String> none = new ArrayList<>();
            try {
                Loop.run(() -> none);
                System.out.println("no failure");
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
