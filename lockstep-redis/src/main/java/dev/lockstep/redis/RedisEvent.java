package dev.lockstep.redis;

import dev.lockstep.redis.internal.Connection;
import dev.lockstep.redis.internal.Scripts;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An event shared by every process connected to the same Redis: the seed's "initialisation finished" signal for a
 * fleet. {@link #set()} wakes every process waiting at that moment, even if {@link #clear()} follows at once.
 *
 * {@snippet :
 * RedisEvent ready = redis.event("schema-migrated");
 * ready.await(Duration.ofMinutes(5));     // in every service instance
 * ready.set();                             // in the one that migrates
 * }
 *
 * <p><b>Fairness.</b> Not applicable: a set wakes every waiter of every process.
 *
 * <p><b>Interruption and timeouts.</b> {@link #await(Duration)} returns true if the flag was up when it looked or a
 * set happened while it waited (even if a clear followed), false when its time runs out; both {@code await}s throw
 * {@link InterruptedException} if interrupted while waiting, and {@link RedisUnavailableException} when Redis cannot
 * be reached.
 *
 * <p><b>Ownership.</b> None: any process may set or clear.
 *
 * <p><b>Memory consistency effects:</b> none beyond Redis's: what a process wrote to Redis before {@code set()} is
 * visible to a waiter's reads from the same server after its {@code await} returns true.
 */
public final class RedisEvent {
    /*
     * Overview. Two keys: flag (present while set) and gen (incremented by every set, and published). A waiter
     * subscribes, reads {flag, gen}, and returns at once if the flag is up; otherwise it waits for a message and
     * compares gen again, so a set followed at once by a clear still counts. A missed message (the subscription was
     * down) costs at most one slice of a second. A generation lower than the first look's means Redis lost its state:
     * the waiter then counts from the new one (a set since then is seen by its flag).
     */

    private final RedisLockstep redis;
    private final String name;
    private final String[] keys;
    private final String channel;

    RedisEvent(RedisLockstep redis, String name) {
        this.redis = redis;
        this.name = name;
        this.keys = new String[] {RedisLockstep.key("event", name, "flag"), RedisLockstep.key("event", name, "gen")};
        this.channel = RedisLockstep.key("event", name, "set");
    }

    /** Sets the flag and wakes every waiting process. */
    public void set() {
        redis.connection().integer("setting " + this, Scripts.EVENT_SET, keys, channel);
    }

    /** Clears the flag; waiters from now on wait for the next set. */
    public void clear() {
        redis.connection().integer("clearing " + this, Scripts.EVENT_CLEAR, keys);
    }

    /** Whether the flag is up. */
    public boolean isSet() {
        return (Long) state().get(0) == 1;
    }

    /** Waits until the event is set (returns at once if it is). */
    public void await() throws InterruptedException {
        await(-1);
    }

    /**
     * Waits at most {@code timeout} for the event to be set.
     *
     * @return true if it was set, false if the time ran out
     */
    public boolean await(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, () -> this + ": await timeout must not be null");
        return await(Queueing.waitNanos(timeout));
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "RedisEvent \"" + name + "\"";
    }

    private List<Object> state() {
        Connection c = redis.connection();
        return c.multi("reading " + this, Scripts.EVENT_STATE, keys);
    }

    private boolean await(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException(this + ": interrupted before waiting");
        }
        long[] seen = {-1}; // the generation at the first look; a later look that differs saw a set, even if cleared
        // Slices of at most a second: messages sent while the connection was down are lost.
        return redis.notifier().poll(channel, nanos, TimeUnit.SECONDS.toNanos(1), () -> {
            List<Object> s = state();
            if (seen[0] < 0) {
                if ((Long) s.get(0) == 1) {
                    return Boolean.TRUE;
                }
                seen[0] = (Long) s.get(1);
                return null;
            }
            long gen = (Long) s.get(1);
            if (gen < seen[0]) {
                // The counter went back: Redis lost its state (a restart without persistence, FLUSHALL, eviction).
                // Only a set since then counts, and it left the flag up; otherwise count from here.
                if ((Long) s.get(0) == 1) {
                    return Boolean.TRUE;
                }
                seen[0] = gen;
                return null;
            }
            return gen > seen[0] ? Boolean.TRUE : null;
        }) != null;
    }
}
