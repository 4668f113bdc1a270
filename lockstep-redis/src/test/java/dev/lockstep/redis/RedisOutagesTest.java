package dev.lockstep.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Outages: a link that goes silent, a server that stalls (SIGSTOP) or goes away and comes back. Verdicts are read
 * from the clients' and the server's state; the only waits are for the outage itself and for leases to run out.
 */
class RedisOutagesTest extends OneServer {
    private static void signal(String sig) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, String.valueOf(server.pid())).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "kill -" + sig);
    }

    @Test
    void aCutOffHolderIsNotValidOnceTheServerCouldHaveGrantedItElsewhere() throws Exception {
        try (Relay relay = new Relay(server.port());
                RedisLockstep cutOff = RedisLockstep.builder(relay.uri()).lease(Duration.ofMillis(900))
                        .commandTimeout(Duration.ofSeconds(3)).connect();
                RedisLockstep other = RedisLockstep.builder(server.uri()).lease(Duration.ofMillis(900)).connect()) {
            Lease held = cutOff.mutex("cut").acquire();
            relay.silence(); // no reset: the holder's renewals hang until their timeout
            try (Lease taken = other.mutex("cut").tryAcquire(Duration.ofSeconds(20))) {
                assertNotNull(taken, "the server gives the mutex away once the silent holder's lease ran out");
                assertFalse(held.isValid(), "the cut-off holder must not believe it still holds it: " + held);
            }
            relay.speak();
            assertThrows(IllegalStateException.class, held::close); // lost meanwhile: close says so
        }
    }

    @Test
    void anAcquireThatFailsDuringAStallGrantsNobody() throws Exception {
        try (RedisLockstep impatient = RedisLockstep.builder(server.uri()).commandTimeout(Duration.ofMillis(300))
                .lease(Duration.ofSeconds(30)).connect();
                RedisLockstep patient = RedisLockstep.builder(server.uri()).commandTimeout(Duration.ofSeconds(20))
                        .lease(Duration.ofSeconds(30)).connect();
                RedisLockstep next = RedisLockstep.builder(server.uri()).lease(Duration.ofSeconds(30)).connect()) {
            RedisMutex m = impatient.mutex("stall");
            RedisMutex p = patient.mutex("stall");
            signal("STOP");
            try {
                assertThrows(RedisUnavailableException.class, () -> m.tryAcquire(Duration.ZERO));
                CompletableFuture<Throwable> interrupted = new CompletableFuture<>();
                Thread waiter = Thread.ofPlatform().start(() -> {
                    try {
                        p.acquire();
                        interrupted.complete(null);
                    } catch (Throwable e) {
                        interrupted.complete(e);
                    }
                });
                while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.getState() != Thread.State.WAITING) {
                    Thread.onSpinWait(); // until it waits for the stalled server's reply
                }
                waiter.interrupt();
                Throwable e = interrupted.get(20, TimeUnit.SECONDS);
                assertTrue(e instanceof InterruptedException, "an interrupt is an InterruptedException: " + e);
            } finally {
                signal("CONT");
            }
            // Both scripts run now that the server goes on, and grant the mutex; their clean-ups release it at once.
            try (Lease l = next.mutex("stall").tryAcquire(Duration.ofSeconds(10))) {
                assertNotNull(l, "an abandoned grant blocked the mutex for its whole lease");
            }
        }
    }

    @Test
    void aSlowOnLostActionDoesNotLetOtherLeasesLapse() throws Exception {
        try (RedisLockstep c = RedisLockstep.builder(server.uri()).lease(Duration.ofMillis(600)).connect()) {
            Lease doomed = c.mutex("doomed").acquire();
            Lease kept = c.mutex("kept").acquire();
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch ran = new CountDownLatch(1);
            doomed.onLost(() -> {
                ran.countDown();
                try {
                    release.await(); // a slow action: as long as the test wants
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            redis.del("lockstep:{mutex:doomed}:owner"); // taken from it on the server
            assertTrue(ran.await(20, TimeUnit.SECONDS), "the loss was noticed");
            try {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000); // over three leases
                while (System.nanoTime() - until < 0) {
                    assertTrue(kept.isValid(), "the other lease lapsed while an onLost action ran");
                    assertTrue(redis.exists("lockstep:{mutex:kept}:owner") == 1, "the server let it lapse");
                    Thread.sleep(20);
                }
            } finally {
                release.countDown();
            }
            kept.close();
        }
    }

    @Test
    void callsWorkSoonAfterAnOutageEnds() throws Exception {
        try (RedisLockstep c = RedisLockstep.connect(server.uri())) {
            RedisMutex m = c.mutex("outage");
            m.tryAcquire(Duration.ZERO).close();
            server.stop();
            long outage = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (System.nanoTime() - outage < 0) { // the client keeps trying, as a caller that retries would
                assertThrows(RedisUnavailableException.class, () -> m.tryAcquire(Duration.ZERO));
                Thread.sleep(50);
            }
            server.restart();
            redis = raw.connect().sync();
            long back = System.nanoTime();
            while (true) {
                try {
                    m.tryAcquire(Duration.ZERO).close();
                    break;
                } catch (RedisUnavailableException stillDown) {
                    Thread.sleep(10);
                }
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
            assertTrue(millis < 1_500, "calls failed for " + millis + " ms after Redis was back");
        }
    }
}
