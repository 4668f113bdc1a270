package dev.lockstep.redis;

import dev.lockstep.redis.internal.Connection;
import dev.lockstep.redis.internal.Scripts;
import java.time.Duration;
import java.util.Objects;

/**
 * A mutex shared by every process connected to the same Redis: {@link dev.lockstep.sync.Mutex} across a fleet, with a
 * lease and a fencing token.
 *
 * {@snippet :
 * RedisMutex ledger = redis.mutex("ledger");
 * try (Lease lease = ledger.acquire()) {
 *     ledgerStore.append(entry, lease.fencingToken());
 * }
 * }
 *
 * <p><b>Fairness.</b> FIFO across processes: waiters queue in Redis in arrival order and only the head may take the
 * mutex, so a {@code tryAcquire} never overtakes a queued waiter. Waiters wake on a pub/sub message when it is
 * released; when the holder crashed, its lease runs out and they wake when it does (the server tells them how long
 * that is), so nobody polls.
 *
 * <p><b>Interruption and timeouts.</b> A waiting {@link #acquire()} returns a lease, or throws {@link
 * InterruptedException} (it leaves the queue); {@link #tryAcquire(Duration)} returns null when the time runs out. Both
 * throw {@link RedisUnavailableException} when Redis cannot be reached.
 *
 * <p><b>Ownership.</b> The {@link Lease} is the ownership: it is renewed while this process lives, released by its
 * {@code close()}, and lost (never silently re-acquired) if renewal fails. Its fencing token strictly increases with
 * every grant. Not reentrant: each acquisition is a new lease.
 *
 * <p><b>Memory consistency effects:</b> none beyond Redis's: everything a holder wrote to Redis before releasing is
 * visible to the next holder's reads from the same server.
 */
public final class RedisMutex {
    /*
     * Overview. Four keys per mutex, in one Cluster slot: owner (the holder's acquisition id, with the lease as its
     * time-to-live), queue (a list of waiting ids in arrival order), waiters (each waiting id's place expiry: a waiter
     * refreshes it every slice, so a dead waiter's place lapses) and fence (the grant counter). One script decides:
     *
     *   free and (queue empty or I am its head)  -> owner := me (PX lease), pop me, INCR fence -> {1, token}
     *   otherwise                                 -> join or refresh my place                   -> {0, owner's PTTL}
     *
     * Release deletes the owner only if it is still this id and publishes on the channel; the queue's head wakes and
     * retries. Renewal extends the owner key only if it is still this id; a 0 means the lease is lost.
     */

    private final RedisLockstep redis;
    private final String name;
    private final String[] keys;
    private final String[] queueKeys;
    private final String channel;

    RedisMutex(RedisLockstep redis, String name) {
        this.redis = redis;
        this.name = name;
        this.keys = new String[] {RedisLockstep.key("mutex", name, "owner"), RedisLockstep.key("mutex", name, "queue"),
            RedisLockstep.key("mutex", name, "waiters"), RedisLockstep.key("mutex", name, "fence")};
        this.queueKeys = new String[] {keys[1], keys[2]};
        this.channel = RedisLockstep.key("mutex", name, "released");
    }

    /** Acquires, waiting as long as it takes. */
    public Lease acquire() throws InterruptedException {
        return acquire(-1);
    }

    /**
     * Acquires, waiting at most {@code timeout} (zero or negative: one attempt, without queueing).
     *
     * @return the lease, or null if the time ran out
     */
    public Lease tryAcquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, () -> this + ": tryAcquire timeout must not be null");
        return acquire(Queueing.waitNanos(timeout));
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "RedisMutex \"" + name + "\"";
    }

    private Lease acquire(long nanos) throws InterruptedException {
        Connection c = redis.connection();
        String id = redis.newId();
        String what = "acquiring " + this;
        String[] owner = {keys[0]};
        String[] releasing = {keys[0], keys[1], keys[2]};
        Queueing.Grant grant = Queueing.acquire(redis, channel, id, nanos,
                (i, enqueue) -> c.multi(what, Scripts.MUTEX_ACQUIRE, keys, i, String.valueOf(redis.lease.toMillis()),
                        String.valueOf(Queueing.QUEUE_TTL_MS), enqueue ? "1" : "0"),
                () -> c.integer("leaving the queue of " + this, Scripts.LEAVE, queueKeys, id, channel),
                () -> {
                    c.integer("releasing an abandoned grant of " + this, Scripts.MUTEX_RELEASE, releasing, id, channel);
                    c.integer("leaving the queue of " + this, Scripts.LEAVE, queueKeys, id, channel);
                });
        if (grant == null) {
            return null;
        }
        return new LeaseImpl(redis, new LeaseImpl.Ops() {
            @Override
            public long renew(String i) {
                return c.integer("renewing " + RedisMutex.this, Scripts.MUTEX_RENEW, owner, i,
                        String.valueOf(redis.lease.toMillis()));
            }

            @Override
            public long release(String i) {
                return c.integer("releasing " + RedisMutex.this, Scripts.MUTEX_RELEASE, releasing, i, channel);
            }

            @Override
            public String describe() {
                return RedisMutex.this.toString();
            }
        }, id, grant);
    }
}
