package dev.lockstep.redis;

import dev.lockstep.redis.internal.Connection;
import dev.lockstep.redis.internal.Scripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A work queue shared by every process connected to the same Redis, on a Redis Stream with a consumer group: the
 * seed's scenario 4 (pass work as messages) across machines, without losing work when a consumer dies.
 *
 * {@snippet :
 * RedisWorkQueue jobs = redis.workQueue("thumbnails");
 * jobs.put(imageId);                              // any producer
 * Delivery d = jobs.take();                       // any consumer, in any process
 * render(d.payload());
 * d.taskDone();                                   // acknowledged: never delivered again
 * jobs.join();                                    // until everything put has been acknowledged
 * }
 *
 * <p><b>At-least-once.</b> A delivery whose consumer stops extending it for a visibility timeout (its process died,
 * or lost Redis; a live consumer extends its deliveries automatically until {@code taskDone()}) is delivered again to
 * another consumer, with its delivery count. After {@code maxDeliveries} deliveries it goes to the dead-letter stream instead ({@link
 * #deadLetters()}). So a task may run more than once: make it idempotent, or check in its own storage whether it ran.
 * Acknowledged items never come back, also across a restart of a Redis with an append-only file.
 *
 * <p><b>Fairness.</b> Items are delivered in the order they were put (abandoned ones, reclaimed, first); takers are
 * not queued: whichever taker's script runs first gets the next item.
 *
 * <p><b>Interruption and timeouts.</b> {@link #take()} and {@link #join()} wait as long as it takes; {@link
 * #poll(Duration)} returns null and {@link #join(Duration)} false when the time runs out. All throw {@link
 * InterruptedException} if interrupted while waiting (nothing is taken), and {@link RedisUnavailableException} when
 * Redis cannot be reached. Takers wake on a pub/sub message when an item is put, and look for abandoned deliveries at
 * least every half visibility timeout; {@code join} wakes when the unfinished count reaches zero.
 *
 * <p><b>Ownership.</b> A {@link Delivery} belongs to the consumer that took it until it is acknowledged or its
 * visibility timeout passes unextended; after that, its {@code taskDone()} returns false if another consumer has
 * acknowledged the item meanwhile.
 *
 * <p><b>Memory consistency effects:</b> none beyond Redis's: the payload is a string, copied.
 */
public final class RedisWorkQueue {
    /*
     * Overview. Three keys: stream (the items, with one consumer group, "lockstep"), unfinished (put minus finished)
     * and dead (the dead-letter stream). An item's life:
     *
     *   put (XADD, unfinished+1) -> delivered (XREADGROUP: pending, owned by one consumer, extended while it lives)
     *     -> taskDone: XACK + XDEL, unfinished-1                                   (finished)
     *     -> idle > visibility: XAUTOCLAIM by another taker, delivery count + 1   (delivered again)
     *     -> claimed with count > maxDeliveries: copied to dead, XACK + XDEL, unfinished-1   (finished, dead)
     */

    static final String GROUP = "lockstep";

    private final RedisLockstep redis;
    private final String name;
    private final String[] keys;
    private final String putChannel;
    private final String doneChannel;
    private volatile boolean initialised;

    RedisWorkQueue(RedisLockstep redis, String name) {
        this.redis = redis;
        this.name = name;
        this.keys = new String[] {RedisLockstep.key("queue", name, "stream"),
            RedisLockstep.key("queue", name, "unfinished"), RedisLockstep.key("queue", name, "dead")};
        this.putChannel = RedisLockstep.key("queue", name, "put");
        this.doneChannel = RedisLockstep.key("queue", name, "done");
    }

    /** One item as a consumer received it; {@link #taskDone()} acknowledges it. */
    public final class Delivery {
        private final String id;
        private final String payload;
        private final long deliveries;
        private final ScheduledFuture<?> extension;
        private boolean done;

        Delivery(String id, String payload, long deliveries) {
            this.id = id;
            this.payload = payload;
            this.deliveries = deliveries;
            long period = Math.max(1, redis.visibility.toMillis() / 3);
            this.extension = redis.renewals().scheduleWithFixedDelay(this::extend, period, period,
                    TimeUnit.MILLISECONDS);
        }

        /** The stream id of the item. */
        public String id() {
            return id;
        }

        /** What was put. */
        public String payload() {
            return payload;
        }

        /** How many times it has been delivered, this time included (1 the first time). */
        public long deliveryCount() {
            return deliveries;
        }

        /**
         * Acknowledges the item: it will not be delivered again, and join() counts it done. A second call does
         * nothing.
         *
         * @return false if it had already been acknowledged (by another consumer that received it again after this
         *     one's visibility timeout)
         */
        public boolean taskDone() {
            synchronized (this) {
                if (done) {
                    return false;
                }
                done = true;
            }
            extension.cancel(false);
            try {
                return redis.connection().integer("acknowledging an item of " + RedisWorkQueue.this,
                        Scripts.QUEUE_ACK, keys, GROUP, id, "", "", doneChannel) == 1;
            } catch (IllegalStateException e) {
                if (lostGroup(e)) {
                    return false; // Redis lost the queue's state, and the item with it: nobody will deliver it again
                }
                throw e;
            }
        }

        private void extend() {
            try {
                if (redis.connection().integer("extending an item of " + RedisWorkQueue.this, Scripts.QUEUE_EXTEND,
                        keys, GROUP, redis.clientId(), id) == 0) {
                    extension.cancel(false); // acknowledged, or given to another consumer
                }
            } catch (RuntimeException e) {
                if (lostGroup(e)) {
                    extension.cancel(false); // the item is gone with Redis's state
                }
                // otherwise the visibility timeout decides, as it would if this process had died
            }
        }

        @Override
        public String toString() {
            return "Delivery " + id + " of " + RedisWorkQueue.this + " (" + deliveries + ")";
        }
    }

    /** A dead letter: an item delivered {@code maxDeliveries} times without being acknowledged. */
    public record DeadLetter(String originalId, String payload, long deliveries) {}

    /**
     * Puts {@code payload}.
     *
     * @return its stream id
     */
    public String put(String payload) {
        RedisLockstep.wellFormed(payload, this + ": put payload");
        init();
        return redis.connection().value("putting into " + this, Scripts.QUEUE_PUT, keys, payload, putChannel);
    }

    /** Takes the next item, waiting as long as it takes. */
    public Delivery take() throws InterruptedException {
        return poll(-1);
    }

    /**
     * Takes the next item, waiting at most {@code timeout}.
     *
     * @return the delivery, or null if the time ran out
     */
    public Delivery poll(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, () -> this + ": poll timeout must not be null");
        return poll(Queueing.waitNanos(timeout));
    }

    /** Waits until every item put has been acknowledged (or dead-lettered). */
    public void join() throws InterruptedException {
        join(-1);
    }

    /**
     * Waits at most {@code timeout} until every item put has been acknowledged.
     *
     * @return false if the time ran out
     */
    public boolean join(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, () -> this + ": join timeout must not be null");
        return join(Queueing.waitNanos(timeout));
    }

    /** Items put and not yet acknowledged, fleet-wide. */
    public long unfinishedTasks() {
        return redis.connection().integer("counting " + this, Scripts.QUEUE_UNFINISHED, keys);
    }

    /** The dead letters, oldest first. */
    public List<DeadLetter> deadLetters() {
        List<Object> raw = redis.connection().multi("reading the dead letters of " + this, Scripts.QUEUE_DEAD, keys);
        List<DeadLetter> out = new ArrayList<>();
        for (Object o : raw) {
            List<?> e = (List<?>) o;
            out.add(new DeadLetter((String) e.get(2), (String) e.get(1), Long.parseLong(String.valueOf(e.get(3)))));
        }
        return out;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "RedisWorkQueue \"" + name + "\"";
    }

    private void init() {
        if (!initialised) {
            redis.connection().integer("creating " + this, Scripts.QUEUE_INIT, keys, GROUP);
            initialised = true;
        }
    }

    /**
     * Whether {@code e} says the consumer group is gone: Redis lost its state (a restart without persistence,
     * FLUSHALL, eviction). The next call creates it again.
     */
    private boolean lostGroup(RuntimeException e) {
        String error = Connection.serverError(e);
        if (error != null && error.startsWith("NOGROUP")) {
            initialised = false;
            return true;
        }
        return false;
    }

    private Delivery poll(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException(this + ": interrupted before taking");
        }
        init();
        Connection c = redis.connection();
        // Abandoned deliveries send no message: look again within half a visibility timeout.
        return redis.notifier().poll(putChannel, nanos, redis.visibility.toNanos() / 2, () -> {
            List<Object> r;
            try {
                r = take(c);
            } catch (IllegalStateException e) {
                if (!lostGroup(e)) {
                    throw e;
                }
                init();
                r = take(c);
            }
            return r == null || r.isEmpty() ? null : new Delivery((String) r.get(0), (String) r.get(1),
                    (Long) r.get(2));
        });
    }

    private List<Object> take(Connection c) {
        return c.multi("taking from " + this, Scripts.QUEUE_TAKE, keys, GROUP, redis.clientId(),
                String.valueOf(redis.visibility.toMillis()), String.valueOf(redis.maxDeliveries), doneChannel);
    }

    private boolean join(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException(this + ": interrupted before joining");
        }
        return redis.notifier().poll(doneChannel, nanos, TimeUnit.SECONDS.toNanos(1),
                () -> unfinishedTasks() <= 0 ? Boolean.TRUE : null) != null;
    }
}
