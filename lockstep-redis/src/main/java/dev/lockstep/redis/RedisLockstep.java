package dev.lockstep.redis;

import dev.lockstep.redis.internal.Connection;
import dev.lockstep.redis.internal.Notifier;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lockstep's primitives across processes and machines, on Redis: named {@link RedisMutex}es, {@link
 * RedisSemaphore}s, {@link RedisEvent}s and {@link RedisWorkQueue}s that every process connected to the same server
 * shares. The usage is the local one: try-with-resources, {@code Duration} timeouts, {@link InterruptedException}.
 *
 * {@snippet :
 * try (RedisLockstep redis = RedisLockstep.connect("redis://127.0.0.1:6379")) {
 *     RedisSemaphore api = redis.semaphore("api", 10);        // 10 calls in flight across the whole fleet
 *     try (Lease permit = api.acquire()) {
 *         callTheApi();
 *     }
 * }
 * }
 *
 * <p><b>What Redis guarantees, and what it does not.</b> Each operation is one Lua script, atomic on the server. Holds
 * are leases, renewed while this process lives: a crashed process's holds come back when its leases run out. A lease
 * is not a proof of mutual exclusion (a paused process may outlive its lease), and Redis replication is asynchronous (a
 * failover can lose a grant that was just made): protect the resource itself with the lease's fencing token. The work
 * queue delivers at least once. See {@code docs/REDIS.md}.
 *
 * <p><b>Failures.</b> When the server cannot be reached, every call fails within the command timeout with a {@link
 * RedisUnavailableException} naming the server; nothing waits longer than that plus one wait slice.
 */
public final class RedisLockstep implements AutoCloseable {
    private final Connection connection;
    private final Notifier notifier;
    private final ScheduledThreadPoolExecutor renewals;
    private final String clientId;
    private final AtomicLong ids = new AtomicLong();
    final Duration lease;
    final Duration visibility;
    final int maxDeliveries;

    private RedisLockstep(Builder b) {
        this.connection = b.seeds != null ? new Connection(b.seeds, b.commandTimeout)
                : new Connection(b.uri, b.commandTimeout);
        Notifier n;
        try {
            n = new Notifier(connection);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        this.notifier = n;
        this.lease = b.lease;
        this.visibility = b.visibility;
        this.maxDeliveries = b.maxDeliveries;
        this.clientId = b.clientName != null ? b.clientName
                : ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.renewals = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lockstep-redis-renewals");
            t.setDaemon(true);
            return t;
        });
        renewals.setRemoveOnCancelPolicy(true);
        long idle = SUBSCRIPTION_IDLE.toNanos();
        renewals.scheduleWithFixedDelay(() -> notifier.sweep(idle), SUBSCRIPTION_IDLE.toMillis(),
                SUBSCRIPTION_IDLE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How long a name's pub/sub subscription outlives its last use by this client. */
    static final Duration SUBSCRIPTION_IDLE = Duration.ofMinutes(1);

    /** Connects with the defaults (see {@link Builder}). */
    public static RedisLockstep connect(String uri) {
        return builder(uri).connect();
    }

    /** Options for a connection to {@code uri}, e.g. {@code redis://127.0.0.1:6379}. */
    public static Builder builder(String uri) {
        return new Builder(Objects.requireNonNull(uri, "RedisLockstep: uri must not be null"), null);
    }

    /**
     * Connects to a Redis Cluster with the defaults (see {@link Builder}), found from any of {@code seedUris}, e.g.
     * {@code "redis://127.0.0.1:7000"}. Every primitive keeps its keys in one hash slot, so each of its operations
     * runs on one shard. What a cluster guarantees, and what a failover can lose, is in docs/REDIS.md.
     *
     * @throws IllegalArgumentException if no seed is given
     */
    public static RedisLockstep connectCluster(String... seedUris) {
        return clusterBuilder(seedUris).connect();
    }

    /** Options for a connection to a Redis Cluster found from any of {@code seedUris}. */
    public static Builder clusterBuilder(String... seedUris) {
        Objects.requireNonNull(seedUris, "RedisLockstep: cluster seed URIs must not be null");
        if (seedUris.length == 0) {
            throw new IllegalArgumentException("RedisLockstep: a cluster needs at least one seed URI");
        }
        java.util.List<String> seeds = new java.util.ArrayList<>();
        for (int i = 0; i < seedUris.length; i++) {
            seeds.add(Objects.requireNonNull(seedUris[i], "RedisLockstep: cluster seed URI " + i + " is null"));
        }
        return new Builder(seeds.get(0), java.util.List.copyOf(seeds));
    }

    /** The mutex named {@code name}, shared with every process that names it. */
    public RedisMutex mutex(String name) {
        return new RedisMutex(this, wellFormed(name, "RedisLockstep: mutex name"));
    }

    /**
     * The semaphore named {@code name}, with {@code permits} permits fleet-wide.
     *
     * @throws IllegalArgumentException if {@code permits} is less than 1
     */
    public RedisSemaphore semaphore(String name, int permits) {
        wellFormed(name, "RedisLockstep: semaphore name");
        if (permits < 1) {
            throw new IllegalArgumentException("RedisSemaphore \"" + name + "\": permits must be >= 1, got " + permits);
        }
        return new RedisSemaphore(this, name, permits);
    }

    /** The event named {@code name}. */
    public RedisEvent event(String name) {
        return new RedisEvent(this, wellFormed(name, "RedisLockstep: event name"));
    }

    /** The work queue named {@code name}. */
    public RedisWorkQueue workQueue(String name) {
        return new RedisWorkQueue(this, wellFormed(name, "RedisLockstep: queue name"));
    }

    /** This client's name in the fleet: its leases, queue places and deliveries carry it. */
    public String clientId() {
        return clientId;
    }

    /** host:port of the server. */
    public String server() {
        return connection.server();
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        notifier.close();
        connection.close();
    }

    Connection connection() {
        return connection;
    }

    Notifier notifier() {
        return notifier;
    }

    ScheduledThreadPoolExecutor renewals() {
        return renewals;
    }

    /**
     * Runs {@code command} on the renewal thread until it goes through, for at most a lease: the clean-up after an
     * acquisition that failed on the way, whose script may still run on the server.
     */
    void cleanUp(Runnable command) {
        long until = System.nanoTime() + lease.toNanos();
        Runnable[] attempt = new Runnable[1];
        attempt[0] = () -> {
            try {
                command.run();
            } catch (RuntimeException e) {
                if (System.nanoTime() - until < 0 && !renewals.isShutdown()) {
                    renewals.schedule(attempt[0], Math.max(1, lease.toMillis() / 10), TimeUnit.MILLISECONDS);
                }
            }
        };
        try {
            renewals.execute(attempt[0]);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // this client is closed: the grant runs out with its lease
        }
    }

    /** A fresh id for one acquisition, unique across the fleet. */
    String newId() {
        return clientId + ":" + ids.incrementAndGet();
    }

    /**
     * {@code s}, if it is not null and is well-formed UTF-16. Redis stores UTF-8, in which an unpaired surrogate has no
     * encoding: Lettuce would replace it with '?', so two different names would share keys, or a payload would change.
     */
    static String wellFormed(String s, String what) {
        Objects.requireNonNull(s, () -> what + " must not be null");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate (U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ") at index " + i
                        + ": it cannot be stored in Redis as it is");
            }
        }
        return s;
    }

    static String key(String kind, String name, String part) {
        return "lockstep:{" + kind + ":" + name + "}:" + part;
    }

    /** Options for {@link RedisLockstep#connect}. */
    public static final class Builder {
        private final String uri;
        /** The cluster's seed URIs, or null for one server. */
        private final java.util.List<String> seeds;
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration lease = Duration.ofSeconds(10);
        private Duration visibility = Duration.ofSeconds(30);
        private int maxDeliveries = 5;
        private String clientName;

        private Builder(String uri, java.util.List<String> seeds) {
            this.uri = uri;
            this.seeds = seeds;
        }

        /** How long one command may take before it fails with {@link RedisUnavailableException} (default 2 s). */
        public Builder commandTimeout(Duration d) {
            this.commandTimeout = positive(d, "commandTimeout");
            return this;
        }

        /** How long a hold lasts unless renewed; renewed every third of it while this process lives (default 10 s). */
        public Builder lease(Duration d) {
            this.lease = positive(d, "lease");
            return this;
        }

        /** How long a taken work item stays invisible to others while its consumer is silent (default 30 s). */
        public Builder visibilityTimeout(Duration d) {
            this.visibility = positive(d, "visibilityTimeout");
            return this;
        }

        /** After how many deliveries an item goes to the dead-letter stream instead (default 5). */
        public Builder maxDeliveries(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("RedisLockstep.Builder: maxDeliveries must be >= 1, got " + n);
            }
            this.maxDeliveries = n;
            return this;
        }

        /** This process's name in the fleet (default: pid and a random suffix); must be unique among live clients. */
        public Builder clientName(String name) {
            this.clientName = Objects.requireNonNull(name, "RedisLockstep.Builder: clientName must not be null");
            return this;
        }

        /**
         * Connects.
         *
         * @throws RedisUnavailableException if the server cannot be reached
         */
        public RedisLockstep connect() {
            return new RedisLockstep(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, "RedisLockstep.Builder: " + what + " must not be null");
            // Redis counts leases and timeouts in whole milliseconds: less would reach the server as 0.
            if (d.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("RedisLockstep.Builder: " + what
                        + " must be at least 1 ms (Redis counts in milliseconds), got " + d);
            }
            if (d.compareTo(Duration.ofDays(365L * 100)) > 0) {
                throw new IllegalArgumentException("RedisLockstep.Builder: " + what + " must be at most 100 years,"
                        + " got " + d);
            }
            return d;
        }
    }
}
