package dev.lockstep.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.sync.Barrier;
import dev.lockstep.sync.Event;
import dev.lockstep.sync.Mutex;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DebugModeTest {

    private final List<DebugReport> reports = new CopyOnWriteArrayList<>();

    private Loop.Builder debugLoop() {
        return Loop.builder().debug(true).onReport(reports::add);
    }

    private List<DebugReport> reports(DebugReport.Kind kind) {
        return reports.stream().filter(r -> r.kind() == kind).toList();
    }

    static void spin(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aTaskThatKeepsTheCarrierIsNamedWithItsStack() throws Exception {
        debugLoop().slowTaskThreshold(Duration.ofMillis(30)).run(() -> {
            try (TaskGroup g = TaskGroup.open()) {
                g.spawn("cruncher", () -> {
                    spin(Duration.ofMillis(400)); // no blocking point: the loop is stuck meanwhile
                    return null;
                });
                g.spawn("polite", () -> {
                    Checkpoint.yieldNow();
                    return null;
                });
            }
            return null;
        });
        List<DebugReport> slow = reports(DebugReport.Kind.SLOW_TASK);
        assertEquals(1, slow.size(), reports.toString());
        DebugReport r = slow.get(0);
        assertEquals("cruncher", r.task());
        assertTrue(r.message().contains("task cruncher has kept the loop's carrier for"), r.message());
        assertTrue(r.stack().stream().anyMatch(e -> e.getMethodName().equals("spin")),
                "the stack shows where it spins: " + r.stack());
    }

    @Test
    void twoMutexesTakenInOppositeOrderAreReportedAsADeadlockInsteadOfHanging() throws Exception {
        DeadlockException e = assertThrows(DeadlockException.class, () -> debugLoop().run(() -> {
            Mutex a = new Mutex("a");
            Mutex b = new Mutex("b");
            Barrier bothHoldOne = new Barrier("both-hold-one", 2);
            try (TaskGroup g = TaskGroup.open()) {
                g.spawn("left", () -> {
                    a.lock();
                    bothHoldOne.await();
                    b.lock();
                    return null;
                });
                g.spawn("right", () -> {
                    b.lock();
                    bothHoldOne.await();
                    a.lock();
                    return null;
                });
            }
            return null;
        }));
        String picture = e.getMessage();
        assertTrue(picture.contains("left   waits for Mutex \"b\", held by right"), picture);
        assertTrue(picture.contains("right  waits for Mutex \"a\", held by left"), picture);
        assertTrue(picture.contains("cycle: left -> Mutex \"b\" -> right -> Mutex \"a\" -> left"), picture);
        assertTrue(picture.contains("main   waits for TaskGroup"), picture);
        assertEquals(1, reports(DebugReport.Kind.DEADLOCK).size());
    }

    @Test
    void waitingForAnEventNobodyCanSetIsADeadlock() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> debugLoop().run(() -> {
            Event ready = new Event("ready");
            ready.await(); // created on this loop, never shared: nothing can set it
            return null;
        }));
        assertTrue(e.getMessage().contains("main  waits for Event \"ready\""), e.getMessage());
    }

    @Test
    void anEventSharedWithAPlatformThreadIsOnlyAStall() throws Exception {
        Event shared = new Event("shared");
        debugLoop().deadlockTimeout(Duration.ofMillis(50)).run(() -> {
            Thread.ofPlatform().start(() -> {
                while (reports(DebugReport.Kind.STALL).isEmpty()) {
                    Thread.onSpinWait();
                }
                shared.set(); // only after the loop reported the stall
            });
            shared.await();
            return null;
        });
        assertEquals(0, reports(DebugReport.Kind.DEADLOCK).size());
        assertEquals(1, reports(DebugReport.Kind.STALL).size(), reports.toString());
    }

    @Test
    void aMutexStillHeldByATaskThatEndedIsReported() throws Exception {
        debugLoop().run(() -> {
            Mutex leaked = new Mutex("leaked");
            try (TaskGroup g = TaskGroup.open()) {
                g.spawn("forgetful", () -> {
                    leaked.lock(); // no unlock
                    return null;
                });
            }
            return null;
        });
        List<DebugReport> leaks = reports(DebugReport.Kind.LEAKED_LOCK);
        assertEquals(1, leaks.size(), reports.toString());
        assertEquals("forgetful", leaks.get(0).task());
        assertTrue(leaks.get(0).message().contains("ended while holding Mutex \"leaked\""), leaks.get(0).message());
    }

    @Test
    void tasksStillRunningWhenMainReturnsAreReportedAndCancelled() throws Exception {
        Thread[] orphan = new Thread[1];
        debugLoop().run(() -> {
            orphan[0] = Thread.ofVirtual().name("orphan").start(() -> {
                try {
                    Clock.sleep(Duration.ofHours(1));
                } catch (InterruptedException cancelled) {
                    // expected
                }
            });
            Checkpoint.yieldNow();
            return null;
        });
        List<DebugReport> leaks = reports(DebugReport.Kind.LEAKED_TASK);
        assertEquals(1, leaks.size(), reports.toString());
        assertEquals("orphan", leaks.get(0).task());
        assertTrue(orphan[0].join(Duration.ofSeconds(10)));
    }

    @Test
    void aHealthyLoopReportsNothing() throws Exception {
        debugLoop().run(() -> {
            Mutex m = new Mutex();
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < 10; i++) {
                    g.spawn(() -> {
                        m.lock();
                        try {
                            Checkpoint.yieldNow();
                        } finally {
                            m.unlock();
                        }
                        return null;
                    });
                }
            }
            return null;
        });
        assertEquals(List.of(), reports);
    }
}
