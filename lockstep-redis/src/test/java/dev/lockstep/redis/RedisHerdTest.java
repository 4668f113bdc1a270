package dev.lockstep.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No thundering herd: a release wakes only the waiter it serves, so the Redis scripts spent per grant do not grow
 * with the number of waiters (before, every release woke every waiter of every process: O(n^2) scripts in all).
 */
class RedisHerdTest extends OneServer {
    /** Scripts per grant while {@code waiters}, queued behind a holder in two clients, each take the mutex once. */
    private static double scriptsPerGrant(int waiters) throws Exception {
        String name = "herd-" + waiters;
        try (RedisLockstep one = RedisLockstep.connect(server.uri()); RedisLockstep two = RedisLockstep.connect(server.uri())) {
            Lease blocker = one.mutex(name).acquire();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                RedisMutex m = (i % 2 == 0 ? one : two).mutex(name);
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        m.acquire().close();
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (redis.llen("lockstep:{mutex:" + name + "}:queue") < waiters) { // all queued, by the server's count
                assertTrue(System.nanoTime() < deadline, "the waiters did not queue");
                Thread.sleep(5);
            }
            long before = scripts();
            long start = System.nanoTime();
            blocker.close();
            for (Thread t : threads) {
                assertTrue(t.join(Duration.ofSeconds(60)), "a waiter was never served");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double perGrant = (scripts() - before) / (double) waiters;
            System.out.printf("[redis herd] %d waiters in 2 clients: %.2f scripts per grant, %.0f grants/s%n",
                    waiters, perGrant, waiters / seconds);
            return perGrant;
        }
    }

    @Test
    void scriptsPerGrantDoNotGrowWithTheWaiters() throws Exception {
        double ten = scriptsPerGrant(10);
        double hundred = scriptsPerGrant(100);
        double fiveHundred = scriptsPerGrant(500);
        // Each grant: the release, the head's acquisition, and a share of the waiters' place refreshes (one a second
        // each). With every waiter woken by every release, 100 waiters cost about 50 scripts per grant.
        assertTrue(hundred < 6, hundred + " scripts per grant with 100 waiters");
        assertTrue(hundred < 2 * ten + 2, hundred + " with 100 waiters against " + ten + " with 10");
        assertTrue(fiveHundred < 2 * ten + 2, fiveHundred + " with 500 waiters against " + ten + " with 10");
    }
}
