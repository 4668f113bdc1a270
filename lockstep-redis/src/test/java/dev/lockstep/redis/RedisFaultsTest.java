package dev.lockstep.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The primitives when Redis misbehaves: it loses its state, it is busy, it refuses a client's credentials or rights;
 * and bad input at the edges (durations, names). Every verdict is read from the server's own state, never from a
 * sleep.
 */
class RedisFaultsTest extends OneServer {
    private static RedisLockstep client() {
        return RedisLockstep.builder(server.uri()).lease(Duration.ofSeconds(5)).connect();
    }

    /** Until the server has run {@code n} more scripts than {@code before} (polling its counters). */
    private static void untilScripts(long before, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (scripts() < before + n) {
            assertTrue(System.nanoTime() < deadline, "the server ran no script: " + scripts() + " after " + before);
            Thread.sleep(2);
        }
    }

    @Test
    void aWorkQueueWorksAgainAfterRedisLosesItsState() throws Exception {
        try (RedisLockstep c = client()) {
            RedisWorkQueue q = c.workQueue("after-flush");
            q.put("before");
            RedisWorkQueue.Delivery taken = q.take();
            redis.flushall();
            assertFalse(taken.taskDone(), "the item went with Redis's state: nobody can acknowledge it");
            assertNull(q.poll(Duration.ZERO), "an empty queue, not NOGROUP");
            q.put("after");
            RedisWorkQueue.Delivery d = q.poll(Duration.ofSeconds(10));
            assertNotNull(d);
            assertEquals("after", d.payload());
            assertTrue(d.taskDone());
            // And a second loss found by a taker first (no put in between).
            redis.flushall();
            assertNull(q.poll(Duration.ZERO));
        }
    }

    @Test
    void anEventDoesNotFireBecauseRedisLostItsState() throws Exception {
        try (RedisLockstep c = client()) {
            RedisEvent e = c.event("after-flush");
            e.set();
            e.clear();
            e.set();
            e.clear(); // generation 2, flag down
            long before = scripts();
            CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return e.await(Duration.ofSeconds(3));
                } catch (InterruptedException ex) {
                    throw new RuntimeException(ex);
                }
            });
            untilScripts(before, 1); // its first look: generation 2
            redis.flushall(); // the generation goes back to 0
            assertFalse(waiter.get(20, TimeUnit.SECONDS), "nobody set the event");

            before = scripts();
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return e.await(Duration.ofSeconds(20));
                } catch (InterruptedException ex) {
                    throw new RuntimeException(ex);
                }
            });
            untilScripts(before, 1);
            e.set(); e.clear(); e.set(); // generation 2 again: seen before the loss, yet a set
            redis.flushall();
            e.set(); // generation 1, below the first look's: the flag tells
            assertTrue(second.get(20, TimeUnit.SECONDS), "a set after the loss is seen");
        }
    }

    @Test
    void aBusyServerIsUnavailableNotABug() throws Exception {
        try (RedisLockstep c = client()) {
            RedisMutex m = c.mutex("busy");
            redis.configSet("busy-reply-threshold", "10");
            RedisClient other = RedisClient.create(server.uri());
            try {
                RedisCommands<String, String> looper = other.connect().sync();
                CompletableFuture<?> loop = CompletableFuture.runAsync(() -> {
                    try {
                        looper.eval("while true do end", io.lettuce.core.ScriptOutputType.INTEGER);
                    } catch (RedisException killed) {
                        // SCRIPT KILL ends it
                    }
                });
                RedisCommands<String, String> probe = other.connect().sync();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (true) { // until the server answers BUSY
                    try {
                        probe.ping();
                    } catch (RedisException busy) {
                        if (String.valueOf(busy.getMessage()).startsWith("BUSY")) {
                            break;
                        }
                    }
                    assertTrue(System.nanoTime() < deadline, "the server never got busy");
                }
                RuntimeException e = assertThrows(RuntimeException.class, () -> m.tryAcquire(Duration.ZERO));
                assertInstanceOf(RedisUnavailableException.class, e, e.toString());
                probe.scriptKill();
                loop.get(20, TimeUnit.SECONDS);
            } finally {
                other.shutdown();
                redis.configSet("busy-reply-threshold", "5000");
            }
            try (Lease l = m.tryAcquire(Duration.ofSeconds(10))) {
                assertNotNull(l, "served again once the script was killed");
            }
        }
    }

    @Test
    void aServerLoadingItsDataIsUnavailableNotABug() throws Exception {
        try (RedisServer loading = RedisServer.start(dir.resolve("loading"), List.of("--enable-debug-command", "yes"));
                RedisLockstep c = RedisLockstep.connect(loading.uri())) {
            RedisClient admin = RedisClient.create(loading.uri());
            try {
                RedisCommands<String, String> a = admin.connect().sync();
                debug(a, "POPULATE", "1500000"); // enough data that loading it takes a while
                a.save();
                CompletableFuture<?> reload = CompletableFuture.runAsync(() -> debug(a, "RELOAD"));
                RedisCommands<String, String> probe = admin.connect().sync();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                boolean seen = false;
                while (!seen && !reload.isDone()) { // until the server answers LOADING
                    try {
                        probe.ping();
                    } catch (RedisException e) {
                        seen = String.valueOf(e.getMessage()).startsWith("LOADING");
                    }
                    assertTrue(System.nanoTime() < deadline, "the server never loaded");
                }
                assertTrue(seen, "the server answered LOADING while it reloaded");
                RuntimeException e = assertThrows(RuntimeException.class,
                        () -> c.mutex("m").tryAcquire(Duration.ZERO));
                assertInstanceOf(RedisUnavailableException.class, e, e.toString());
                assertTrue(e.getMessage().contains("LOADING"), e.getMessage());
                reload.get(60, TimeUnit.SECONDS);
            } finally {
                admin.shutdown();
            }
        }
    }

    @Test
    void aReplicaWithoutItsMasterIsUnavailableNotABug() throws Exception {
        int nobody;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            nobody = closed.getLocalPort(); // a master that is not there
        }
        try (RedisServer replica = RedisServer.start(dir.resolve("orphan-replica"), List.of("--replicaof",
                "127.0.0.1", Integer.toString(nobody), "--replica-serve-stale-data", "no"))) {
            try (RedisLockstep c = RedisLockstep.connect(replica.uri())) {
                RuntimeException e = assertThrows(RuntimeException.class,
                        () -> c.mutex("m").tryAcquire(Duration.ZERO));
                assertInstanceOf(RedisUnavailableException.class, e, e.toString());
                assertTrue(e.getMessage().contains("MASTERDOWN"), e.getMessage());
            }
        }
    }

    @Test
    void refusedCredentialsAndRightsAreConfigurationErrorsNotOutages() throws Exception {
        try (RedisServer secured = RedisServer.start(dir.resolve("secured"), false)) {
            RedisClient admin = RedisClient.create(secured.uri());
            try {
                RedisCommands<String, String> a = admin.connect().sync();
                acl(a, "SETUSER", "nochannels", "on", ">pw", "~*", "+@all", "resetchannels");
                acl(a, "SETUSER", "app", "on", ">secret", "~lockstep:*", "&lockstep:*", "+@scripting", "+@pubsub",
                        "+@connection", "+@read", "+@write", "+@stream", "+time"); // the rights REDIS.md lists
                a.configSet("requirepass", "s3cret"); // the default user's password; this connection stays in
                String host = "127.0.0.1:" + secured.port();
                for (String uri : new String[] {"redis://" + host, "redis://:wrong@" + host,
                        "redis://nobody:pw@" + host}) {
                    IllegalStateException e = assertThrows(IllegalStateException.class,
                            () -> RedisLockstep.connect(uri).close());
                    assertFalse(e instanceof RedisUnavailableException, uri + ": " + e);
                    assertTrue(e.getMessage().contains("credentials"), e.getMessage());
                }
                try (RedisLockstep right = RedisLockstep.connect("redis://:s3cret@" + host)) {
                    right.mutex("m").tryAcquire(Duration.ZERO).close();
                }
                try (RedisLockstep app = RedisLockstep.connect("redis://app:secret@" + host)) {
                    app.mutex("m").tryAcquire(Duration.ofSeconds(5)).close();
                    app.semaphore("s", 2).tryAcquire(Duration.ofSeconds(5)).close();
                    RedisEvent ev = app.event("e");
                    ev.set();
                    assertTrue(ev.await(Duration.ofSeconds(5)));
                    RedisWorkQueue q = app.workQueue("q");
                    q.put("job");
                    assertTrue(q.take().taskDone());
                    assertTrue(q.join(Duration.ofSeconds(5)));
                }
                try (RedisLockstep limited = RedisLockstep.connect("redis://nochannels:pw@" + host)) {
                    IllegalStateException e = assertThrows(IllegalStateException.class,
                            () -> limited.event("e").await(Duration.ofMillis(10)));
                    assertFalse(e instanceof RedisUnavailableException, e.toString());
                    assertTrue(e.getMessage().contains("rights"), e.getMessage());
                }
            } finally {
                admin.shutdown();
            }
        }
    }

    private static void debug(RedisCommands<String, String> admin, String... args) {
        command(admin, io.lettuce.core.protocol.CommandType.DEBUG, args);
    }

    private static void acl(RedisCommands<String, String> admin, String... args) {
        command(admin, io.lettuce.core.protocol.CommandType.ACL, args);
    }

    private static void command(RedisCommands<String, String> admin, io.lettuce.core.protocol.CommandType type,
            String... args) {
        io.lettuce.core.protocol.CommandArgs<String, String> a =
                new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8);
        for (String arg : args) {
            a.add(arg);
        }
        admin.dispatch(type, new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8), a);
    }

    @Test
    void whatDeadClientsLeaveBehindExpiresOrIsDropped() throws Exception {
        try (RedisLockstep holder = client()) {
            Lease held = holder.mutex("crashed-waiters").acquire();
            RedisLockstep waiter = client();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    waiter.mutex("crashed-waiters").acquire();
                } catch (InterruptedException | RuntimeException gone) {
                    // its client is closed under it, as a crash would
                }
            });
            String queue = "lockstep:{mutex:crashed-waiters}:queue";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (redis.llen(queue) < 1) {
                assertTrue(System.nanoTime() < deadline, "the waiter did not queue");
                Thread.sleep(5);
            }
            assertTrue(redis.pttl(queue) > 0, "a queue whose waiters all die must expire");
            assertTrue(redis.pttl("lockstep:{mutex:crashed-waiters}:waiters") > 0);
            waiter.close();
            t.join();
            held.close();
        }
        try (RedisLockstep c = RedisLockstep.builder(server.uri()).visibilityTimeout(Duration.ofMillis(200)).connect()) {
            RedisWorkQueue q = c.workQueue("ghosts");
            q.put("x");
            String stream = "lockstep:{queue:ghosts}:stream";
            redis.xgroupCreateconsumer(stream, io.lettuce.core.Consumer.from("lockstep", "dead-client"));
            assertTrue(q.take().taskDone());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (redis.xinfoConsumers(stream, "lockstep").toString().contains("dead-client")) {
                assertTrue(System.nanoTime() < deadline, "a dead client's consumer was never dropped");
                assertNull(q.poll(Duration.ZERO)); // a take looks at the consumers
                Thread.sleep(50);
            }
        }
    }

    @Test
    void subscriptionsOfNamesNoLongerUsedAreLetGo() throws Exception {
        try (RedisLockstep c = client()) {
            String channel = "lockstep:{event:once}:set";
            assertFalse(c.event("once").await(Duration.ofMillis(1)));
            assertEquals(1L, redis.pubsubNumsub(channel).get(channel), "subscribed while in use");
            assertEquals(1, c.notifier().sweep(0)); // what the client does a minute after the last use
            assertEquals(0L, redis.pubsubNumsub(channel).get(channel), "let go once idle");
            c.event("once").set();
            assertTrue(c.event("once").await(Duration.ofSeconds(5)), "used again: subscribed again");
        }
    }

    @Test
    void badInputAtTheEdgesIsRefusedOrSaturated() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> RedisLockstep.builder(server.uri()).lease(Duration.ofNanos(500_000)));
        assertThrows(IllegalArgumentException.class,
                () -> RedisLockstep.builder(server.uri()).commandTimeout(Duration.ofSeconds(Long.MAX_VALUE)));
        try (RedisLockstep c = client()) {
            RedisSemaphore fresh = c.semaphore("fresh-" + System.nanoTime(), 3);
            assertEquals(3, fresh.availablePermits(), "nobody holds a permit of a new semaphore");
            RedisMutex m = c.mutex("edges");
            Lease l = m.tryAcquire(Duration.ofSeconds(Long.MAX_VALUE)); // no ArithmeticException: free, granted
            assertNotNull(l);
            assertTrue(l.isValid());
            l.close();
            assertFalse(l.isValid(), "a released lease holds nothing");
            assertNull(c.workQueue("edges").poll(Duration.ofSeconds(Long.MIN_VALUE)));
            assertFalse(c.event("edges").await(Duration.ofSeconds(Long.MIN_VALUE)));
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> c.mutex("a\uD800b"));
            assertTrue(bad.getMessage().contains("unpaired surrogate"), bad.getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.workQueue("edges").put("x\uDC00"));
            assertEquals(1, c.mutex("pair \uD83D\uDE00").tryAcquire(Duration.ZERO).fencingToken() > 0 ? 1 : 0);
        }
    }
}
