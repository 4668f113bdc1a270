package dev.lockstep.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes, restarts and outages, with real processes: other JVMs started from this one's class path, killed with
 * SIGKILL; a real redis-server stopped by its PID and restarted from its append-only file.
 */
class CrossProcessTest {
    @TempDir
    Path dir;

    /** Starts Child with {@code args} in a JVM of its own. */
    private static Process child(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The first line the child prints (it prints once it holds what it was asked to take). */
    private static String firstLine(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertNotNull(line, "the child died before reporting");
        return line;
    }

    /** SIGKILL: no shutdown hook, no release, no goodbye. */
    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    }

    @Test
    void aKilledMutexHoldersLeaseRunsOutAndTheFencingTokenMovesOn() throws Exception {
        try (RedisServer server = RedisServer.start(dir.resolve("r"), false)) {
            Process holder = child(server.uri(), "mutex", "crash", "1500");
            long before = Long.parseLong(firstLine(holder).split(" ")[1]);
            try (RedisLockstep me = RedisLockstep.connect(server.uri())) {
                assertTrue(me.mutex("crash").tryAcquire(Duration.ZERO) == null, "held by the child");
                kill(holder);
                try (Lease lease = me.mutex("crash").tryAcquire(Duration.ofSeconds(20))) {
                    assertNotNull(lease, "the dead holder's lease ran out");
                    assertTrue(lease.fencingToken() > before, lease.fencingToken() + " after " + before);
                }
            }
        }
    }

    @Test
    void aKilledHoldersPermitsComeBack() throws Exception {
        try (RedisServer server = RedisServer.start(dir.resolve("r"), false)) {
            Process holder = child(server.uri(), "permits", "pool", "2", "1500");
            long before = Long.parseLong(firstLine(holder).split(" ")[1]);
            try (RedisLockstep me = RedisLockstep.connect(server.uri())) {
                RedisSemaphore pool = me.semaphore("pool", 2);
                assertEquals(0, pool.availablePermits());
                kill(holder);
                Lease a = pool.tryAcquire(Duration.ofSeconds(20));
                Lease b = pool.tryAcquire(Duration.ofSeconds(20));
                assertNotNull(a);
                assertNotNull(b);
                assertTrue(a.fencingToken() > before && b.fencingToken() > a.fencingToken());
                a.close();
                b.close();
            }
        }
    }

    @Test
    void threeProcessesOfTwentyWorkersNeverExceedTheFleetWideLimit() throws Exception {
        try (RedisServer server = RedisServer.start(dir.resolve("r"), false)) {
            List<Process> fleet = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                fleet.add(child(server.uri(), "workers", "api", "10", "20", "40"));
            }
            int total = 0;
            for (Process p : fleet) {
                String line = firstLine(p);
                assertTrue(line.startsWith("DONE "), line);
                total += Integer.parseInt(line.substring(5));
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            }
            assertEquals(3 * 20 * 40, total, "every acquisition completed");
            RedisClient raw = RedisClient.create(server.uri());
            try {
                RedisCommands<String, String> redis = raw.connect().sync();
                int peak = Integer.parseInt(redis.get("it:peak"));
                assertTrue(peak <= 10, "the independent counter saw " + peak + " in flight");
                assertTrue(peak >= 2, "the workers did overlap: peak " + peak);
                assertEquals("0", redis.get("it:inflight"));
            } finally {
                raw.shutdown();
            }
        }
    }

    @Test
    void aConsumerKilledMidTaskHasItsItemDeliveredToAnother() throws Exception {
        try (RedisServer server = RedisServer.start(dir.resolve("r"), false)) {
            try (RedisLockstep me = RedisLockstep.builder(server.uri()).visibilityTimeout(Duration.ofMillis(800))
                    .connect()) {
                RedisWorkQueue q = me.workQueue("thumbnails");
                String id = q.put("image-17");
                Process consumer = child(server.uri(), "take", "thumbnails", "800");
                assertEquals("TOOK " + id + " image-17", firstLine(consumer));
                kill(consumer);
                RedisWorkQueue.Delivery again = q.poll(Duration.ofSeconds(20));
                assertNotNull(again, "delivered again after the visibility timeout");
                assertEquals(id, again.id());
                assertEquals(2, again.deliveryCount());
                assertTrue(again.taskDone());
                assertTrue(q.join(Duration.ofSeconds(5)));
            }
        }
    }

    @Test
    void aRestartLosesNothingUnacknowledgedAndRevivesNothingAcknowledged() throws Exception {
        try (RedisServer server = RedisServer.start(dir.resolve("aof"), true)) {
            Set<String> acknowledged = new HashSet<>();
            Set<String> unacknowledged = new HashSet<>();
            try (RedisLockstep before = RedisLockstep.builder(server.uri()).visibilityTimeout(Duration.ofMillis(800))
                    .connect()) {
                RedisWorkQueue q = before.workQueue("durable");
                for (int i = 0; i < 5; i++) {
                    q.put("job-" + i);
                }
                for (int i = 0; i < 2; i++) {
                    RedisWorkQueue.Delivery d = q.take();
                    assertTrue(d.taskDone());
                    acknowledged.add(d.payload());
                }
                unacknowledged.add(q.take().payload()); // taken, never acknowledged: its consumer goes away below
            }
            server.restart();
            try (RedisLockstep after = RedisLockstep.builder(server.uri()).visibilityTimeout(Duration.ofMillis(800))
                    .connect()) {
                RedisWorkQueue q = after.workQueue("durable");
                Set<String> seen = new HashSet<>();
                for (RedisWorkQueue.Delivery d = q.poll(Duration.ofSeconds(5)); d != null;
                        d = q.poll(Duration.ofSeconds(3))) {
                    seen.add(d.payload());
                    d.taskDone();
                }
                assertEquals(Set.of("job-0", "job-1", "job-2", "job-3", "job-4").size() - acknowledged.size(),
                        seen.size(), "seen after the restart: " + seen);
                assertTrue(seen.containsAll(unacknowledged), "the unacknowledged one came back");
                for (String a : acknowledged) {
                    assertTrue(!seen.contains(a), a + " was acknowledged before the restart and came back");
                }
                assertTrue(q.join(Duration.ofSeconds(5)));
            }
        }
    }

    @Test
    void withRedisStoppedEveryCallFailsWithinItsTimeoutNamingTheServer() throws Exception {
        RedisServer server = RedisServer.start(dir.resolve("r"), false);
        RedisLockstep client = RedisLockstep.builder(server.uri()).commandTimeout(Duration.ofSeconds(1)).connect();
        try {
            RedisMutex m = client.mutex("down");
            RedisSemaphore s = client.semaphore("down", 1);
            RedisEvent e = client.event("down");
            RedisWorkQueue q = client.workQueue("down");
            q.put("warm-up");
            server.stop();
            String where = "Redis at 127.0.0.1:" + server.port();
            List<Executable> calls = List.of(m::acquire, () -> m.tryAcquire(Duration.ofSeconds(5)), s::acquire,
                    s::availablePermits, e::set, e::clear, e::await, () -> q.put("x"), q::take, q::join);
            for (Executable call : calls) {
                // Preemptive, so a call that hangs fails the test instead of stalling it. Within its timeout: the
                // command timeout (1 s) plus a margin for a noisy machine, far below the waits the calls ask for.
                assertTimeoutPreemptively(Duration.ofSeconds(4), () -> {
                    RedisUnavailableException ex = assertThrows(RedisUnavailableException.class, call::run);
                    assertTrue(ex.getMessage().startsWith(where), ex.getMessage());
                });
            }
        } finally {
            client.close();
            server.close();
        }
    }

    /** A call that may throw. */
    interface Executable {
        void run() throws Exception;
    }
}
