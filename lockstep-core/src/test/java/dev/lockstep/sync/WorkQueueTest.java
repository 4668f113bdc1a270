package dev.lockstep.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.testkit.Env.Spawned;
import dev.lockstep.testkit.Mode;
import dev.lockstep.testkit.Steps;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkQueueTest {

    record Job(int priority, String name) {}

    @ParameterizedTest
    @EnumSource(Mode.class)
    void itemsLeaveInFifoLifoOrPriorityOrder(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<Integer> fifo = WorkQueue.fifo();
            WorkQueue<Integer> lifo = WorkQueue.lifo(10);
            for (int i = 1; i <= 3; i++) {
                fifo.put(i);
                lifo.put(i);
            }
            assertEquals(List.of(1, 2, 3), List.of(fifo.take(), fifo.take(), fifo.take()));
            assertEquals(List.of(3, 2, 1), List.of(lifo.take(), lifo.take(), lifo.take()));
            WorkQueue<Job> prio = WorkQueue.priority(Comparator.comparingInt(Job::priority));
            prio.put(new Job(2, "b1"));
            prio.put(new Job(1, "a"));
            prio.put(new Job(2, "b2"));
            prio.put(new Job(3, "c"));
            prio.put(new Job(2, "b3"));
            StringBuilder order = new StringBuilder();
            while (!prio.isEmpty()) {
                order.append(prio.take().name()).append(' ');
            }
            assertEquals("a b1 b2 b3 c ", order.toString(), "ties leave in the order they were put");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void boundedQueueMakesPuttersWaitInOrder(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<String> q = WorkQueue.<String>fifo(1).named("jobs");
            q.put("first");
            assertFalse(q.offer("refused"));
            Spawned<Void> p1 = env.spawn("p1", () -> q.put("p1"));
            env.until(() -> q.toString().contains("1 putters waiting"), "p1 waits");
            Spawned<Void> p2 = env.spawn("p2", () -> q.put("p2"));
            env.until(() -> q.toString().contains("2 putters waiting"), "p2 waits");
            assertFalse(q.offer("still refused"), "offer never overtakes a waiting putter");
            assertEquals("first", q.take());
            assertEquals("p1", q.take());
            assertEquals("p2", q.take());
            p1.join();
            p2.join();
            assertNull(q.poll());
            assertEquals(3, q.unfinishedTasks());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void waitingTakersAreServedInOrder(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<String> q = WorkQueue.fifo();
            Spawned<String> t1 = env.call("t1", q::take);
            env.until(() -> q.toString().contains("1 takers waiting"), "t1 waits");
            Spawned<String> t2 = env.call("t2", q::take);
            env.until(() -> q.toString().contains("2 takers waiting"), "t2 waits");
            assertNull(q.poll(), "poll never overtakes a waiting taker");
            q.put("a");
            q.put("b");
            assertEquals("a", t1.join());
            assertEquals("b", t2.join());
            assertTrue(q.isEmpty());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void joinWaitsUntilEveryItemIsDone(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<Integer> q = WorkQueue.fifo(4);
            Steps steps = new Steps();
            for (int i = 0; i < 10; i++) {
                q.offer(i);
                if (q.size() == 4) {
                    break;
                }
            }
            Spawned<Void> joiner = env.spawn("joiner", () -> {
                q.join();
                steps.mark("joined");
            });
            env.untilParked(joiner);
            while (!q.isEmpty()) {
                q.take();
                steps.mark("done");
                q.taskDone();
            }
            joiner.join();
            steps.assertOrder("done", "done", "done", "done", "joined");
            assertTrue(q.join(Duration.ZERO));
            IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
            assertTrue(e.getMessage().contains("taskDone() called more often than items were put"), e.getMessage());
            assertEquals(0, q.unfinishedTasks());
            q.put(1);
            assertFalse(q.join(Duration.ofMillis(5)));
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shutdownStopsPuttersAndLetsTakersDrain(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<String> q = WorkQueue.fifo(2);
            q.put("a");
            q.put("b");
            Spawned<Void> blockedPutter = env.spawn("putter", () -> q.put("c"));
            env.until(() -> q.toString().contains("1 putters waiting"), "putter waits");
            q.shutdown();
            assertInstanceOf(QueueShutdownException.class, blockedPutter.failure());
            assertThrows(QueueShutdownException.class, () -> q.put("d"));
            assertThrows(QueueShutdownException.class, () -> q.offer("d"));
            assertTrue(q.isShutdown());
            assertEquals("a", q.take());
            assertEquals("b", q.poll());
            assertThrows(QueueShutdownException.class, q::take);
            assertThrows(QueueShutdownException.class, q::poll);
            q.shutdown(); // again: nothing changes
            assertEquals(2, q.unfinishedTasks());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shutdownWakesWaitingTakersOfAnEmptyQueue(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<String> q = WorkQueue.fifo();
            Spawned<String> t = env.call("taker", q::take);
            Spawned<String> p = env.call("poller", () -> q.poll(Duration.ofMinutes(5)));
            env.until(() -> q.toString().contains("2 takers waiting"), "both wait");
            q.shutdown();
            assertInstanceOf(QueueShutdownException.class, t.failure());
            assertInstanceOf(QueueShutdownException.class, p.failure());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shutdownNowReturnsWhatWasLeftAndReleasesJoiners(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<String> q = WorkQueue.fifo(2);
            q.put("a");
            q.put("b");
            Spawned<Void> putter = env.spawn("putter", () -> q.put("c"));
            env.until(() -> q.toString().contains("1 putters waiting"), "putter waits");
            Spawned<Void> joiner = env.spawn("joiner", q::join);
            env.untilParked(joiner);
            assertEquals(List.of("a", "b"), q.shutdownNow());
            assertInstanceOf(QueueShutdownException.class, putter.failure());
            joiner.join();
            assertEquals(0, q.unfinishedTasks());
            assertEquals(0, q.size());
            assertThrows(QueueShutdownException.class, q::take);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptedTakerLeavesAndNoItemIsLost(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<String> q = WorkQueue.fifo();
            Spawned<String> t1 = env.call("t1", q::take);
            env.until(() -> q.toString().contains("1 takers waiting"), "t1 waits");
            t1.interrupt();
            assertInstanceOf(InterruptedException.class, t1.failure());
            q.put("x");
            assertEquals(1, q.size(), "the item waits for the next taker");
            assertEquals("x", q.take());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void takerInterruptedAfterTheHandOffReturnsTheItem(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<String> q = WorkQueue.fifo();
            Spawned<String> t = env.call("t", () -> {
                String item = q.take(); // handed the item before the interrupt: must not throw
                env.until(() -> Thread.currentThread().isInterrupted(), "t is interrupted");
                return item + (Thread.interrupted() ? "+interrupted" : "");
            });
            env.until(() -> q.toString().contains("1 takers waiting"), "t waits");
            q.put("x");
            t.interrupt();
            assertEquals("x+interrupted", t.join());
            assertTrue(q.isEmpty());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptedPutterKeepsItsItem(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<String> q = WorkQueue.fifo(1);
            q.put("a");
            Spawned<Void> p = env.spawn("p", () -> q.put("b"));
            env.until(() -> q.toString().contains("1 putters waiting"), "p waits");
            p.interrupt();
            assertInstanceOf(InterruptedException.class, p.failure());
            assertEquals("a", q.take());
            assertNull(q.poll(), "the interrupted putter's item was not put");
            assertEquals(1, q.unfinishedTasks());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void timedOfferAndPollGiveUp(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<Integer> q = WorkQueue.fifo(1);
            assertNull(q.poll(Duration.ofMillis(10)));
            assertNull(q.poll(Duration.ZERO));
            assertTrue(q.offer(1, Duration.ZERO));
            assertFalse(q.offer(2, Duration.ofMillis(10)));
            assertEquals(1, q.poll(Duration.ofSeconds(-1)));
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void everyItemIsTakenExactlyOnce(Mode mode) throws Exception {
        mode.run(env -> {
            WorkQueue<Integer> q = WorkQueue.fifo(8);
            Set<Integer> taken = ConcurrentHashMap.newKeySet();
            for (int c = 0; c < 3; c++) {
                env.spawn("consumer" + c, () -> {
                    try {
                        for (;;) {
                            Integer i = q.take();
                            if (!taken.add(i)) {
                                throw new AssertionError("taken twice: " + i);
                            }
                            q.taskDone();
                        }
                    } catch (QueueShutdownException done) {
                        // drained
                    }
                });
            }
            for (int p = 0; p < 3; p++) {
                int base = p * 1000;
                env.spawn("producer" + p, () -> {
                    for (int i = 0; i < 1000; i++) {
                        q.put(base + i);
                    }
                });
            }
            env.until(() -> taken.size() == 3000, "every item is taken");
            q.join();
            q.shutdown();
            env.close();
            assertEquals(3000, taken.size());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void badArgumentsAreRefused(Mode mode) throws Exception {
        mode.run(env -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkQueue.fifo(0));
            assertTrue(e.getMessage().contains("capacity must be >= 1, got 0"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> WorkQueue.lifo(-1));
            assertThrows(IllegalArgumentException.class, () -> WorkQueue.priority(0, Comparator.naturalOrder()));
            assertThrows(NullPointerException.class, () -> WorkQueue.priority(null));
            WorkQueue<String> q = WorkQueue.<String>fifo(2).named("q");
            NullPointerException npe = assertThrows(NullPointerException.class, () -> q.put(null));
            assertTrue(npe.getMessage().contains("WorkQueue \"q\""), npe.getMessage());
            assertThrows(NullPointerException.class, () -> q.offer(null));
            assertThrows(NullPointerException.class, () -> q.offer("x", null));
            assertThrows(NullPointerException.class, () -> q.poll(null));
            assertEquals(0, q.size());
            assertEquals(0, q.unfinishedTasks());
        });
    }

    @org.junit.jupiter.api.Test
    void itemsKeepTheirOrderWhileTheStorageWrapsAroundAndGrows() {
        // Interleaved puts and takes move the oldest item around the storage, and the bursts outgrow it several times;
        // a deque is the model of both orders, and a bounded queue must never grow past its capacity.
        java.util.Random random = new java.util.Random(7);
        for (boolean fifo : new boolean[] {true, false}) {
            for (int capacity : new int[] {Integer.MAX_VALUE, 37}) {
                WorkQueue<Integer> q = fifo
                        ? (capacity == Integer.MAX_VALUE ? WorkQueue.fifo() : WorkQueue.fifo(capacity))
                        : (capacity == Integer.MAX_VALUE ? WorkQueue.lifo() : WorkQueue.lifo(capacity));
                java.util.ArrayDeque<Integer> model = new java.util.ArrayDeque<>();
                int next = 0;
                for (int round = 0; round < 2_000; round++) {
                    int burst = random.nextInt(40);
                    for (int k = 0; k < burst; k++) {
                        boolean room = model.size() < capacity;
                        assertEquals(room, q.offer(next), "offer with " + model.size() + " items");
                        if (room) {
                            model.addLast(next);
                        }
                        next++;
                    }
                    int drain = random.nextInt(40);
                    for (int k = 0; k < drain; k++) {
                        Integer expected = fifo ? model.pollFirst() : model.pollLast();
                        assertEquals(expected, q.poll(), (fifo ? "fifo" : "lifo") + " round " + round);
                    }
                    assertEquals(model.size(), q.size());
                }
                List<Integer> left = q.shutdownNow();
                List<Integer> expected = new java.util.ArrayList<>(model);
                if (!fifo) {
                    java.util.Collections.reverse(expected);
                }
                assertEquals(expected, left);
            }
        }
    }
}
