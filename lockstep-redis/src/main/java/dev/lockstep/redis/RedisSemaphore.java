package dev.lockstep.redis;

import dev.lockstep.redis.internal.Connection;
import dev.lockstep.redis.internal.Scripts;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A semaphore shared by every process connected to the same Redis: the seed's "at most 10 calls in flight", for a
 * whole fleet. Every permit is a lease of its own.
 *
 * {@snippet :
 * RedisSemaphore api = redis.semaphore("api", 10);
 * try (Lease permit = api.acquire()) {
 *     return client.send(request);    // never more than 10 in flight across all processes
 * }
 * }
 *
 * <p><b>Fairness.</b> FIFO across processes, as {@link RedisMutex}: only the head of the queue takes a free permit.
 *
 * <p><b>Interruption and timeouts</b> as {@link RedisMutex}. All processes must agree on the number of permits; a
 * mismatch is refused with {@link IllegalStateException}.
 * <p><b>Ownership.</b> Every permit is a {@link Lease}, released by its {@code close()}. The held permits are a sorted set of leases on the server; a script counts them and grants only
 * below the limit, atomically, so the limit is never exceeded by live holders. A crashed holder's permits come back
 * when their leases run out. Releasing a permit that is not held (its lease ran out, or it was released already) is
 * refused with {@link IllegalStateException}: the semaphore is bounded by construction.
 *
 *
 * <p><b>Memory consistency effects:</b> none beyond Redis's, as {@link RedisMutex}.
 */
public final class RedisSemaphore {
    /*
     * Overview. Five keys per semaphore, in one Cluster slot: holders (a sorted set of acquisition ids scored by
     * their lease's expiry), queue and waiters (the FIFO queue, as RedisMutex), limit (the agreed number of permits)
     * and fence. The acquire script first drops expired holders and lapsed waiters, then grants when fewer than limit
     * holders remain and the caller heads the queue (or nobody waits); a grant that leaves permits free publishes, so
     * the next head retries at once. A release removes exactly its own id: releasing twice, or after the lease ran
     * out, finds nothing to remove and is refused.
     */

    private final RedisLockstep redis;
    private final String name;
    private final int permits;
    private final String[] keys;
    private final String channel;

    RedisSemaphore(RedisLockstep redis, String name, int permits) {
        this.redis = redis;
        this.name = name;
        this.permits = permits;
        this.keys = new String[] {RedisLockstep.key("semaphore", name, "holders"),
            RedisLockstep.key("semaphore", name, "queue"), RedisLockstep.key("semaphore", name, "waiters"),
            RedisLockstep.key("semaphore", name, "limit"), RedisLockstep.key("semaphore", name, "fence")};
        this.channel = RedisLockstep.key("semaphore", name, "released");
    }

    /** Takes a permit, waiting as long as it takes. */
    public Lease acquire() throws InterruptedException {
        return acquire(-1);
    }

    /**
     * Takes a permit, waiting at most {@code timeout} (zero or negative: one attempt, without queueing).
     *
     * @return the permit's lease, or null if the time ran out
     */
    public Lease tryAcquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, () -> this + ": tryAcquire timeout must not be null");
        return acquire(Queueing.waitNanos(timeout));
    }

    /** The permits free right now, fleet-wide. */
    public int availablePermits() {
        return (int) redis.connection().integer("counting " + this, Scripts.SEMAPHORE_AVAILABLE,
                new String[] {keys[0], keys[3]}, String.valueOf(permits()));
    }

    /** The fleet-wide number of permits. */
    public int permits() {
        return permits;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "RedisSemaphore \"" + name + "\"";
    }

    private Lease acquire(long nanos) throws InterruptedException {
        Connection c = redis.connection();
        String id = redis.newId();
        String what = "acquiring " + this;
        String[] holders = {keys[0]};
        String[] releasing = {keys[0], keys[1], keys[2]};
        Queueing.Grant grant = Queueing.acquire(redis, channel, id, nanos, (i, enqueue) -> {
            List<Object> r = c.multi(what, Scripts.SEMAPHORE_ACQUIRE, keys, i, String.valueOf(permits),
                    String.valueOf(redis.lease.toMillis()), String.valueOf(Queueing.QUEUE_TTL_MS), enqueue ? "1" : "0",
                    channel);
            if ((Long) r.get(0) == -1) {
                throw new IllegalStateException(this + ": exists with " + r.get(1) + " permits, not " + permits);
            }
            return r;
        }, () -> c.integer("leaving the queue of " + this, Scripts.LEAVE, new String[] {keys[1], keys[2]}, id,
                channel), () -> {
                    c.integer("releasing an abandoned permit of " + this, Scripts.SEMAPHORE_RELEASE, releasing, id,
                            channel);
                    c.integer("leaving the queue of " + this, Scripts.LEAVE, new String[] {keys[1], keys[2]}, id,
                            channel);
                });
        if (grant == null) {
            return null;
        }
        return new LeaseImpl(redis, new LeaseImpl.Ops() {
            @Override
            public long renew(String i) {
                return c.integer("renewing a permit of " + RedisSemaphore.this, Scripts.SEMAPHORE_RENEW, holders, i,
                        String.valueOf(redis.lease.toMillis()));
            }

            @Override
            public long release(String i) {
                return c.integer("releasing a permit of " + RedisSemaphore.this, Scripts.SEMAPHORE_RELEASE,
                        releasing, i, channel);
            }

            @Override
            public String describe() {
                return RedisSemaphore.this.toString();
            }
        }, id, grant);
    }
}
