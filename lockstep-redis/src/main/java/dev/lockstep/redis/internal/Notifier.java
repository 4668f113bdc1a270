package dev.lockstep.redis.internal;

import dev.lockstep.sync.Condition;
import dev.lockstep.sync.Mutex;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Wakes local waiters when a message arrives on a Redis channel. Each channel has a generation that every message
 * bumps; a waiter reads it before it looks at Redis, and then waits for it to change, so a message that arrives
 * between the look and the wait is never missed. Subscribing happens before the first read of a generation. Waiters
 * always wait with a deadline too: messages sent while the connection was down are lost, and a lease that expires on
 * the server sends none.
 */
public final class Notifier implements AutoCloseable {
    private final Connection connection;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

    /** The prefix of a message for one waiter only: "head:" and the id of its acquisition. */
    static final String ADDRESSED = "head:";

    /**
     * One channel's generation (messages for everyone), the messages addressed to one waiter each, and its waiters
     * (Lockstep's own Mutex and Condition).
     */
    private static final class Channel {
        final Mutex mutex = new Mutex("redis-channel");
        final Condition changed = mutex.newCondition();
        volatile long generation;
        /** For each acquisition id waiting here: how many messages were addressed to it. */
        final ConcurrentHashMap<String, Long> addressed = new ConcurrentHashMap<>();
        /** Callers waiting on it now; and when the last one looked (System.nanoTime), to let idle channels go. */
        final java.util.concurrent.atomic.AtomicInteger users = new java.util.concurrent.atomic.AtomicInteger();
        volatile long lastUsed = System.nanoTime();
    }

    /**
     * Unsubscribes from the channels nobody waits on and nobody used for {@code idleNanos}: a client that touched
     * many names over its life would otherwise keep a subscription to each, for ever. A channel used again is
     * subscribed to again.
     *
     * @return how many channels it let go
     */
    public synchronized int sweep(long idleNanos) {
        int dropped = 0;
        long now = System.nanoTime();
        for (var e : channels.entrySet()) {
            Channel ch = e.getValue();
            if (ch.users.get() == 0 && ch.addressed.isEmpty() && now - ch.lastUsed >= idleNanos) {
                channels.remove(e.getKey());
                try {
                    pubsub.sync().unsubscribe(e.getKey());
                } catch (RedisException unreachable) {
                    // the subscription goes with the connection, or the next sweep tries again
                }
                dropped++;
            }
        }
        return dropped;
    }

    /** What a waiter has seen of a channel: it waits for a message for everyone, or for one addressed to it. */
    public record Mark(String channel, long generation, String id, long addressed) {}

    public Notifier(Connection connection) {
        this.connection = connection;
        try {
            this.pubsub = connection.connectPubSub();
        } catch (RedisException e) {
            throw connection.translate("subscribing", "the subscription connection", e);
        }
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                Channel ch = channels.get(channel);
                if (ch != null) {
                    ch.mutex.lock();
                    try {
                        if (message != null && message.startsWith(ADDRESSED)) {
                            // Only its waiter acts on it: the others wake, see nothing for them, and sleep again.
                            ch.addressed.computeIfPresent(message.substring(ADDRESSED.length()), (k, n) -> n + 1);
                        } else {
                            ch.generation++;
                        }
                        ch.changed.signalAll();
                    } finally {
                        ch.mutex.unlock();
                    }
                }
            }
        });
    }

    /** The generation of {@code channel}, subscribing to it first if this is the first interest in it. */
    public long generation(String channel) {
        return channel(channel).generation;
    }

    /** The channel, subscribed to, and marked as used now. */
    private Channel channel(String channel) {
        Channel ch = channels.get(channel);
        if (ch == null) {
            synchronized (this) {
                ch = channels.get(channel);
                if (ch == null) {
                    try {
                        pubsub.sync().subscribe(channel);
                    } catch (RedisException e) {
                        throw connection.translate("subscribing to " + channel, "SUBSCRIBE", e);
                    }
                    ch = new Channel();
                    channels.put(channel, ch);
                }
            }
        }
        ch.lastUsed = System.nanoTime();
        return ch;
    }

    /**
     * What the acquisition {@code id} has seen of {@code channel} so far (subscribing first if needed): from now on
     * messages addressed to it are counted until {@link #forget}.
     */
    public Mark mark(String channel, String id) {
        Channel ch = channel(channel);
        long addressed = ch.addressed.computeIfAbsent(id, k -> 0L);
        return new Mark(channel, ch.generation, id, addressed);
    }

    /** Waits until a message for everyone, or one addressed to {@code mark}'s id, came after it; or {@code nanos}. */
    public void await(Mark mark, long nanos) throws InterruptedException {
        Channel ch = channels.get(mark.channel());
        if (ch == null || nanos <= 0) {
            return;
        }
        ch.mutex.lockInterruptibly();
        try {
            ch.changed.awaitUntil(() -> ch.generation != mark.generation()
                    || ch.addressed.getOrDefault(mark.id(), 0L) != mark.addressed(), Duration.ofNanos(nanos));
        } finally {
            ch.mutex.unlock();
        }
    }

    /** The acquisition {@code id} waits no more on {@code channel}. */
    public void forget(String channel, String id) {
        Channel ch = channels.get(channel);
        if (ch != null) {
            ch.addressed.remove(id);
        }
    }

    /** Waits until {@code channel}'s generation differs from {@code seen}, or {@code nanos} pass. */
    public void await(String channel, long seen, long nanos) throws InterruptedException {
        Channel ch = channels.get(channel);
        if (ch == null || nanos <= 0) {
            return;
        }
        ch.mutex.lockInterruptibly();
        try {
            ch.changed.awaitUntil(() -> ch.generation != seen, Duration.ofNanos(nanos));
        } finally {
            ch.mutex.unlock();
        }
    }

    /**
     * Runs {@code attempt} until it returns non-null, and between attempts waits for a message on {@code channel} or
     * {@code slice} nanoseconds, whichever comes first (a deadline is the backstop for lost messages and for changes
     * that send none). Gives up with null after {@code nanos} ({@code < 0}: no limit; 0: one attempt).
     */
    public <T> T poll(String channel, long nanos, long slice, Supplier<T> attempt) throws InterruptedException {
        Channel used = channel(channel);
        used.users.incrementAndGet();
        try {
            return pollUsed(channel, nanos, slice, attempt);
        } finally {
            used.users.decrementAndGet();
            used.lastUsed = System.nanoTime();
        }
    }

    private <T> T pollUsed(String channel, long nanos, long slice, Supplier<T> attempt) throws InterruptedException {
        long deadline = nanos < 0 ? Long.MAX_VALUE : System.nanoTime() + nanos;
        for (;;) {
            long seen = generation(channel); // before the attempt, so a message that follows it is not missed
            T result = attempt.get();
            if (result != null) {
                return result;
            }
            long remaining = nanos < 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            await(channel, seen, Math.min(remaining, slice));
        }
    }

    @Override
    public void close() {
        pubsub.close();
    }
}
