package dev.lockstep.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The primitives' behaviour against a real Redis server, each "process" a client of its own (its own connection,
 * client id, renewals and subscriptions).
 */
class RedisPrimitivesTest extends OneServer {
    private static RedisLockstep client() {
        return RedisLockstep.builder(server.uri()).lease(Duration.ofMillis(900)).visibilityTimeout(Duration.ofMillis(600))
                .maxDeliveries(2).connect();
    }

    /** Waits (polling the server's own state, never sleeping a guess) until {@code key}'s list has {@code n} items. */
    private static void untilQueued(String key, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (redis.llen(key) < n) {
            assertTrue(System.nanoTime() < deadline, "nobody queued on " + key);
            Thread.sleep(5);
        }
    }

    private static void untilParkedOnLockstep(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Object blocker = java.util.concurrent.locks.LockSupport.getBlocker(t);
            if (blocker != null && blocker.getClass().getName().startsWith("dev.lockstep.sync.")) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, t + " never waited");
            Thread.sleep(5);
        }
    }

    @Test
    void mutexWaitersAreServedInArrivalOrderAcrossClients() throws Exception {
        try (RedisLockstep a = client(); RedisLockstep b = client(); RedisLockstep c = client()) {
            Lease held = a.mutex("fifo").acquire();
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            Thread tb = Thread.ofVirtual().start(() -> take(b, "fifo", "b", order));
            untilQueued("lockstep:{mutex:fifo}:queue", 1);
            Thread tc = Thread.ofVirtual().start(() -> take(c, "fifo", "c", order));
            untilQueued("lockstep:{mutex:fifo}:queue", 2);
            assertNull(a.mutex("fifo").tryAcquire(Duration.ZERO), "tryAcquire never overtakes a queued waiter");
            held.close();
            tb.join();
            tc.join();
            assertEquals(List.of("b", "c"), order);
        }
    }

    private static void take(RedisLockstep client, String name, String who, List<String> order) {
        try (Lease lease = client.mutex(name).acquire()) {
            order.add(who);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fencingTokensStrictlyIncreaseWithEveryGrant() throws Exception {
        try (RedisLockstep a = client(); RedisLockstep b = client()) {
            long last = 0;
            for (int i = 0; i < 10; i++) {
                RedisLockstep who = i % 2 == 0 ? a : b;
                try (Lease lease = who.mutex("fence").acquire()) {
                    assertTrue(lease.fencingToken() > last, lease.fencingToken() + " after " + last);
                    last = lease.fencingToken();
                }
            }
        }
    }

    @Test
    void aLeaseIsRenewedWhileItsHolderLives() throws Exception {
        try (RedisLockstep a = client(); RedisLockstep b = client()) {
            try (Lease lease = a.mutex("renewed").acquire()) {
                for (int i = 0; i < 4; i++) { // four times the 900 ms lease
                    assertNull(b.mutex("renewed").tryAcquire(Duration.ofMillis(800)));
                }
                assertTrue(lease.isValid());
            }
            assertNotNull(b.mutex("renewed").tryAcquire(Duration.ofSeconds(5)), "released: now free");
        }
    }

    @Test
    void aLostLeaseIsReportedAndNeverSilentlyReacquired() throws Exception {
        try (RedisLockstep a = client()) {
            Lease lease = a.mutex("lost").acquire();
            CountDownLatch lost = new CountDownLatch(1);
            lease.onLost(lost::countDown);
            redis.del("lockstep:{mutex:lost}:owner"); // as if the holder had paused past its lease
            assertTrue(lost.await(10, TimeUnit.SECONDS), "the renewal noticed the loss");
            assertFalse(lease.isValid());
            IllegalStateException e = assertThrows(IllegalStateException.class, lease::close);
            assertTrue(e.getMessage().contains("RedisMutex \"lost\": the lease (fencing token"), e.getMessage());
            assertFalse(redis.exists("lockstep:{mutex:lost}:owner") == 1, "not re-acquired behind anyone's back");
        }
    }

    @Test
    void semaphoreLimitsAndRefusesAReleaseItDoesNotHold() throws Exception {
        try (RedisLockstep a = client(); RedisLockstep b = client()) {
            RedisSemaphore sa = a.semaphore("limit", 2);
            Lease one = sa.acquire();
            Lease two = b.semaphore("limit", 2).acquire();
            assertNull(sa.tryAcquire(Duration.ofMillis(200)), "the limit holds across clients");
            assertEquals(0, sa.availablePermits());
            one.close();
            assertEquals(1, sa.availablePermits());
            redis.zrem("lockstep:{semaphore:limit}:holders", redis.zrange("lockstep:{semaphore:limit}:holders", 0, 0)
                    .toArray(String[]::new)); // its lease ran out and the permit was reclaimed
            IllegalStateException e = assertThrows(IllegalStateException.class, two::close);
            assertTrue(e.getMessage().contains("RedisSemaphore \"limit\""), e.getMessage());
            assertThrows(IllegalStateException.class, () -> b.semaphore("limit", 3).acquire(),
                    "every client must agree on the permits");
        }
    }

    @Test
    void setWakesEveryWaitingClientEvenIfClearedAtOnce() throws Exception {
        try (RedisLockstep a = client(); RedisLockstep b = client(); RedisLockstep c = client()) {
            RedisEvent ready = a.event("ready");
            ready.clear();
            List<Boolean> woke = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch waiting = new CountDownLatch(2);
            List<Thread> ts = new ArrayList<>();
            for (RedisLockstep who : List.of(b, c)) {
                ts.add(Thread.ofVirtual().start(() -> {
                    try {
                        waiting.countDown();
                        woke.add(who.event("ready").await(Duration.ofSeconds(20)));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            waiting.await();
            // Each subscribes, reads the flag, then parks on the notifier's condition (a Lockstep primitive): once
            // both are parked there, a set can only reach them as a message.
            for (Thread t : ts) {
                untilParkedOnLockstep(t);
            }
            ready.set();
            ready.clear();
            for (Thread t : ts) {
                t.join();
            }
            assertEquals(List.of(true, true), woke);
            assertFalse(a.event("ready").await(Duration.ofMillis(100)), "cleared: a new waiter times out");
        }
    }

    @Test
    void workQueueDeliversAcknowledgesAndJoins() throws Exception {
        try (RedisLockstep producer = client(); RedisLockstep consumer = client()) {
            RedisWorkQueue q = producer.workQueue("jobs");
            q.put("a");
            q.put("b");
            assertEquals(2, q.unfinishedTasks());
            RedisWorkQueue.Delivery d1 = consumer.workQueue("jobs").take();
            RedisWorkQueue.Delivery d2 = consumer.workQueue("jobs").take();
            assertEquals(List.of("a", "b"), List.of(d1.payload(), d2.payload()));
            assertEquals(1, d1.deliveryCount());
            assertFalse(q.join(Duration.ofMillis(100)));
            assertTrue(d1.taskDone());
            assertFalse(d1.taskDone(), "a second acknowledgement does not count");
            Thread joiner = Thread.ofVirtual().start(() -> {
                try {
                    q.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            d2.taskDone();
            joiner.join(Duration.ofSeconds(20));
            assertFalse(joiner.isAlive(), "join returned once everything was acknowledged");
            assertNull(consumer.workQueue("jobs").poll(Duration.ofMillis(100)));
        }
    }

    @Test
    void anAbandonedDeliveryComesBackAndThenGoesToTheDeadLetters() throws Exception {
        try (RedisLockstep producer = client()) {
            RedisWorkQueue q = producer.workQueue("flaky");
            q.put("poison");
            for (int attempt = 1; attempt <= 2; attempt++) {
                try (RedisLockstep doomed = client()) { // a consumer that dies mid-task
                    RedisWorkQueue.Delivery d = doomed.workQueue("flaky").poll(Duration.ofSeconds(10));
                    assertNotNull(d, "delivery " + attempt);
                    assertEquals(attempt, d.deliveryCount());
                }
            }
            try (RedisLockstep survivor = client()) {
                assertNull(survivor.workQueue("flaky").poll(Duration.ofSeconds(2)),
                        "after maxDeliveries it is not delivered again");
            }
            List<RedisWorkQueue.DeadLetter> dead = q.deadLetters();
            assertEquals(1, dead.size());
            assertEquals("poison", dead.get(0).payload());
            assertEquals(2, dead.get(0).deliveries(), "delivered maxDeliveries (2) times, then dead-lettered");
            assertTrue(q.join(Duration.ofSeconds(5)), "a dead letter no longer counts as unfinished");
        }
    }

    @Test
    void badArgumentsAreRefused() {
        try (RedisLockstep a = client()) {
            assertThrows(IllegalArgumentException.class, () -> a.semaphore("s", 0));
            assertThrows(NullPointerException.class, () -> a.mutex(null));
            assertThrows(NullPointerException.class, () -> a.workQueue("q").put(null));
            assertThrows(NullPointerException.class, () -> a.event("e").await(null));
            assertThrows(IllegalArgumentException.class, () -> RedisLockstep.builder(server.uri()).lease(Duration.ZERO));
        }
    }
}
