package dev.lockstep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With the agent, every timed wait of a task the explorer runs is on virtual time: an hour passes in no time, and a
 * failure that depends on timing replays exactly.
 */
class VirtualTimeIT {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** Runs {@code wait} in a task and checks that it took exactly an hour of virtual time. */
    private static Scenario anHour(Corpus.Program wait) {
        return () -> {
            long[] took = new long[1];
            Thread t = Thread.ofVirtual().name("waiter").start(() -> {
                long start = System.nanoTime(); // the agent makes it the explorer's clock
                try {
                    wait.run();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                took[0] = System.nanoTime() - start;
            });
            t.join();
            Corpus.check(took[0] >= HOUR && took[0] < HOUR + TimeUnit.SECONDS.toNanos(1),
                    "waited " + took[0] + " ns of virtual time, not an hour");
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Thread.sleep(long)", "Thread.sleep(Duration)", "TimeUnit.sleep", "LockSupport.parkNanos",
        "Object.wait(timeout)", "ReentrantLock.tryLock(timeout)", "BlockingQueue.poll(timeout)",
        "CountDownLatch.await(timeout)", "Condition.await(timeout)", "Future.get(timeout)", "Thread.join(timeout)",
        "CompletableFuture.orTimeout", "CompletableFuture.completeOnTimeout", "CompletableFuture.delayedExecutor",
        "ScheduledExecutorService.schedule", "ScheduledExecutorService.scheduleAtFixedRate",
        "platform Thread.sleep", "BlockingQueue.offer(timeout)", "Semaphore.tryAcquire(timeout)"})
    void everyTimedWaitTakesAnHourOfVirtualTime(String which) {
        Corpus.Program wait = switch (which) {
            case "Thread.sleep(long)" -> () -> Thread.sleep(TimeUnit.HOURS.toMillis(1));
            case "Thread.sleep(Duration)" -> () -> Thread.sleep(Duration.ofHours(1));
            case "TimeUnit.sleep" -> () -> TimeUnit.HOURS.sleep(1);
            case "LockSupport.parkNanos" -> () -> {
                long deadline = System.nanoTime() + HOUR;
                for (long left = HOUR; left > 0; left = deadline - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            };
            case "Object.wait(timeout)" -> () -> {
                Object o = new Object();
                synchronized (o) {
                    o.wait(TimeUnit.HOURS.toMillis(1));
                }
            };
            case "ReentrantLock.tryLock(timeout)" -> () -> {
                ReentrantLock lock = new ReentrantLock();
                Thread holder = Thread.ofVirtual().start(lock::lock); // takes it and ends holding it
                holder.join();
                Corpus.check(!lock.tryLock(1, TimeUnit.HOURS), "got a lock that its dead holder kept");
            };
            case "BlockingQueue.poll(timeout)" -> () -> Corpus.check(
                    new LinkedBlockingQueue<Integer>().poll(1, TimeUnit.HOURS) == null, "polled an item");
            case "CountDownLatch.await(timeout)" -> () -> Corpus.check(
                    !new CountDownLatch(1).await(1, TimeUnit.HOURS), "the latch opened");
            case "Condition.await(timeout)" -> () -> {
                ReentrantLock lock = new ReentrantLock();
                Condition c = lock.newCondition();
                lock.lock();
                try {
                    Corpus.check(!c.await(1, TimeUnit.HOURS), "signalled");
                } finally {
                    lock.unlock();
                }
            };
            case "Future.get(timeout)" -> () -> {
                try {
                    new CompletableFuture<Integer>().get(1, TimeUnit.HOURS);
                    throw new AssertionError("completed");
                } catch (TimeoutException expected) {
                    // an hour passed
                }
            };
            case "Thread.join(timeout)" -> () -> {
                Thread forever = Thread.ofVirtual().start(() -> {
                    Object o = new Object();
                    synchronized (o) {
                        try {
                            o.wait(TimeUnit.HOURS.toMillis(2));
                        } catch (InterruptedException e) {
                            // ends it
                        }
                    }
                });
                Corpus.check(!forever.join(Duration.ofHours(1)), "joined a thread that waits two hours");
                forever.interrupt();
                forever.join();
            };
            case "CompletableFuture.orTimeout" -> () -> {
                CompletableFuture<Integer> never = new CompletableFuture<Integer>().orTimeout(1, TimeUnit.HOURS);
                Corpus.check(never.handle((v, e) -> e instanceof TimeoutException).join(), "no timeout");
            };
            case "CompletableFuture.completeOnTimeout" -> () -> Corpus.check(
                    new CompletableFuture<Integer>().completeOnTimeout(7, 1, TimeUnit.HOURS).join() == 7, "no value");
            case "CompletableFuture.delayedExecutor" -> () -> CompletableFuture
                    .runAsync(() -> {}, CompletableFuture.delayedExecutor(1, TimeUnit.HOURS)).join();
            case "ScheduledExecutorService.schedule" -> () -> {
                try (ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor()) {
                    Corpus.check(timer.schedule(() -> 7, 1, TimeUnit.HOURS).get() == 7, "no value");
                }
            };
            case "ScheduledExecutorService.scheduleAtFixedRate" -> () -> {
                ScheduledExecutorService timer = Executors.newScheduledThreadPool(1);
                CountDownLatch ticks = new CountDownLatch(4);
                timer.scheduleAtFixedRate(ticks::countDown, 15, 15, TimeUnit.MINUTES);
                ticks.await();
                timer.shutdownNow();
            };
            case "BlockingQueue.offer(timeout)" -> () -> {
                java.util.concurrent.ArrayBlockingQueue<Integer> full = new java.util.concurrent.ArrayBlockingQueue<>(1);
                full.add(1);
                Corpus.check(!full.offer(2, 1, TimeUnit.HOURS), "offered to a full queue");
            };
            case "Semaphore.tryAcquire(timeout)" -> () -> Corpus.check(
                    !new java.util.concurrent.Semaphore(0).tryAcquire(1, TimeUnit.HOURS), "acquired a permit");
            case "platform Thread.sleep" -> () -> {
                Thread sleeper = Thread.ofPlatform().start(() -> {
                    try {
                        Thread.sleep(Duration.ofHours(1));
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                });
                sleeper.join();
            };
            default -> throw new IllegalArgumentException(which);
        };
        long start = System.nanoTime();
        Report r = Explorer.builder().strategy(Strategy.random()).seed(1).iterations(100).build().explore(anHour(wait));
        assertFalse(r.failed(), which + ": " + r.summary());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), which + " took real time");
        assertEquals(Duration.ZERO, r.realTimeWaited(), which + ": " + r.summary());
    }

    @Test
    void threeTasksSleepingAnHourEachExploreAThousandTimesInSeconds() {
        Scenario s = () -> Corpus.together(() -> Thread.sleep(TimeUnit.HOURS.toMillis(1)),
                () -> Thread.sleep(TimeUnit.HOURS.toMillis(1)), () -> Thread.sleep(TimeUnit.HOURS.toMillis(1)));
        long start = System.nanoTime();
        Report r = Explorer.builder().strategy(Strategy.pct(3)).seed(1).iterations(1000).build().explore(s);
        long took = System.nanoTime() - start;
        assertFalse(r.failed(), r.summary());
        assertEquals(1000, r.iterations());
        assertTrue(took < TimeUnit.SECONDS.toNanos(5), "1,000 schedules of three hour-long sleeps took "
                + took / 1e9 + " s");
    }

    @Test
    void aSleepRaceReplaysIdenticallyTwentyTimes() {
        Scenario s = () -> {
            int[] balance = {100};
            Corpus.Program withdraw = () -> {
                int b = balance[0];
                Thread.sleep(20);
                balance[0] = b - 30;
            };
            Corpus.together(withdraw, withdraw);
            Corpus.check(balance[0] == 40, "expected a balance of 40, got " + balance[0]);
        };
        Failure f = Explorer.builder().strategy(Strategy.pct(3)).seed(1).build().explore(s).failure().orElseThrow();
        for (int i = 0; i < 20; i++) {
            Report again = Explorer.builder().build().replay(s, f.schedule());
            Failure g = again.failure().orElseThrow(() -> new AssertionError(again.summary()));
            assertEquals(f.message(), g.message());
            assertEquals(f.trace().toText(), g.trace().toText());
        }
        assertTrue(f.trace().toText().contains("sleeps until 20 ms"), f.trace().toText());
    }

    @Test
    void wallClockTimeIsVirtualToo() {
        long[] seen = new long[2];
        Scenario s = () -> {
            seen[0] = System.currentTimeMillis();
            Thread.sleep(1000);
            seen[1] = System.currentTimeMillis();
        };
        Report r = Explorer.builder().iterations(1).build().explore(s);
        assertFalse(r.failed(), r.summary());
        assertEquals(1_767_225_600_000L, seen[0], "virtual time starts at a fixed instant");
        assertEquals(1000, seen[1] - seen[0]);
    }
}
