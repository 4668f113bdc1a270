package dev.lockstep.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.sync.Event;
import dev.lockstep.testkit.Mode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TaskGroupTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void closeWaitsForEveryTaskAndJoinReturnsResults(Mode mode) throws Exception {
        mode.run(env -> {
            Task<Integer> a;
            Task<String> b;
            try (TaskGroup g = TaskGroup.open()) {
                a = g.spawn("a", () -> 1 + 1);
                b = g.spawn("b", () -> {
                    Clock.sleep(Duration.ofMillis(5));
                    return "slow";
                });
                assertEquals(2, a.join());
            }
            assertTrue(b.isDone(), "close returned only after b ended");
            assertEquals("slow", b.join());
            assertEquals("b", b.name());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tasksAreNamedVirtualThreads(Mode mode) throws Exception {
        mode.run(env -> {
            try (TaskGroup g = TaskGroup.open()) {
                Task<String> t = g.spawn("fetch-users", () -> Thread.currentThread().getName()
                        + (Thread.currentThread().isVirtual() ? "/virtual" : ""));
                Task<String> unnamed = g.spawn(() -> Thread.currentThread().getName());
                assertEquals("fetch-users/virtual", t.join());
                assertEquals("task-2", unnamed.join());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void firstFailureCancelsTheOthersAndCloseCarriesEveryFailure(Mode mode) throws Exception {
        mode.run(env -> {
            Event never = new Event("never");
            IllegalStateException first = new IllegalStateException("first");
            Task<?>[] waiting = new Task<?>[1];
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> {
                try (TaskGroup g = TaskGroup.open()) {
                    waiting[0] = g.spawn("waiter", () -> {
                        never.await(); // cancelled by the failure below
                        return null;
                    });
                    g.spawn("second-failure", () -> {
                        try {
                            never.await();
                        } catch (InterruptedException cancelled) {
                            throw new IllegalArgumentException("failed while cancelled");
                        }
                        return null;
                    });
                    env.until(() -> never.queueLength() == 2, "both wait");
                    g.spawn("failer", () -> {
                        throw first;
                    });
                }
            });
            assertSame(first, e.getCause());
            assertEquals(2, e.failures().size());
            assertInstanceOf(IllegalArgumentException.class, e.getSuppressed()[0]);
            assertFalse(e.cancelled());
            assertTrue(waiting[0].isCancelled(), "a cancelled task is not a failure");
            assertThrows(CancellationException.class, waiting[0]::join);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptingTheOwnerInCloseCancelsEveryTask(Mode mode) throws Exception {
        mode.run(env -> {
            Event never = new Event();
            Thread owner = Thread.currentThread();
            AtomicReference<TaskGroupException> caught = new AtomicReference<>();
            Task<?>[] t = new Task<?>[2];
            var ownerThread = env.spawn("owner", () -> {
                try (TaskGroup g = TaskGroup.open()) {
                    t[0] = g.spawn("a", () -> {
                        never.await();
                        return null;
                    });
                    t[1] = g.spawn("b", () -> {
                        never.await();
                        return null;
                    });
                } catch (TaskGroupException e) {
                    caught.set(e);
                    assertTrue(Thread.interrupted(), "the owner's interrupt status is restored");
                }
            });
            env.until(() -> never.queueLength() == 2, "both tasks wait");
            env.untilParked(ownerThread);
            ownerThread.interrupt();
            ownerThread.join();
            assertTrue(caught.get().cancelled());
            assertTrue(t[0].isCancelled() && t[1].isCancelled());
            assertTrue(caught.get().failures().isEmpty());
            assertSame(owner, Thread.currentThread());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void cancelledTaskThatSwallowsTheInterruptIsNotCancelled(Mode mode) throws Exception {
        mode.run(env -> {
            Event never = new Event();
            try (TaskGroup g = TaskGroup.open()) {
                Task<String> t = g.spawn("stubborn", () -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        return "finished anyway";
                    }
                    return "woken";
                });
                env.until(() -> never.queueLength() == 1, "t waits");
                assertTrue(t.cancel());
                assertEquals("finished anyway", t.join());
                assertFalse(t.isCancelled());
                assertFalse(t.cancel(), "already done");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failedTaskJoinThrowsExecutionException(Mode mode) throws Exception {
        mode.run(env -> {
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> {
                try (TaskGroup g = TaskGroup.open()) {
                    Task<Object> t = g.spawn("bad", () -> {
                        throw new java.io.IOException("io");
                    });
                    ExecutionException x = assertThrows(ExecutionException.class, t::join);
                    assertInstanceOf(java.io.IOException.class, x.getCause());
                    assertTrue(t.toString().contains("failed"));
                }
            });
            assertEquals(1, e.failures().size());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void spawnIsRefusedAfterCloseAndAfterAFailure(Mode mode) throws Exception {
        mode.run(env -> {
            TaskGroup g = TaskGroup.open();
            g.close();
            g.close(); // a second close is a no-op
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.spawn("late", () -> 1));
            assertTrue(e.getMessage().contains("after close()"), e.getMessage());
            assertEquals(List.of(), g.tasks());
            TaskGroup h = TaskGroup.open();
            Task<Object> bad = h.spawn("bad", () -> {
                throw new IllegalStateException("x");
            });
            assertThrows(ExecutionException.class, bad::join);
            assertThrows(IllegalStateException.class, () -> h.spawn("after-failure", () -> 1));
            assertThrows(TaskGroupException.class, h::close);
            assertThrows(NullPointerException.class, () -> TaskGroup.open().spawn(null, () -> 1));
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void onlyTheOwnerMayClose(Mode mode) throws Exception {
        mode.run(env -> {
            TaskGroup g = TaskGroup.open();
            Throwable e = env.spawn("stranger", g::close).failure();
            assertInstanceOf(IllegalStateException.class, e);
            g.close();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void timedJoinTimesOut(Mode mode) throws Exception {
        mode.run(env -> {
            Event go = new Event();
            try (TaskGroup g = TaskGroup.open()) {
                Task<String> t = g.spawn("t", () -> {
                    go.await();
                    return "ok";
                });
                assertThrows(TimeoutException.class, () -> t.join(Duration.ofMillis(10)));
                go.set();
                assertEquals("ok", t.join(Duration.ofMinutes(1)));
            }
        });
    }
}
