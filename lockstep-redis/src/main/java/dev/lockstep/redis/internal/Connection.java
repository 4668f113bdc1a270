package dev.lockstep.redis.internal;

import dev.lockstep.redis.RedisUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;

/**
 * The one Lettuce connection of a RedisLockstep, and the translation of its failures ({@link #translate}): a server
 * that cannot be reached or cannot serve for now gives a {@link RedisUnavailableException} naming the server and the
 * operation; refused credentials or rights, and script errors, an {@link IllegalStateException}. Commands are
 * rejected while disconnected, so no call waits longer than the command timeout.
 */
public final class Connection implements AutoCloseable {
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> commands;
    private final String server;
    private final java.util.function.Supplier<StatefulRedisPubSubConnection<String, String>> pubSub;

    /** A connection to one server (a primary, with or without replicas). */
    public Connection(String uri, Duration commandTimeout) {
        RedisURI redisUri = redisUri(uri, commandTimeout);
        this.server = redisUri.getHost() + ":" + redisUri.getPort();
        this.resources = resources();
        RedisClient single = RedisClient.create(resources, redisUri);
        single.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        this.client = single;
        StatefulRedisConnection<String, String> c = open(single::connect);
        this.connection = c;
        this.commands = c.sync();
        this.pubSub = single::connectPubSub;
    }

    /**
     * A connection to a Redis Cluster, found from {@code seedUris}. Every script names keys of one hash tag, so it
     * runs on the one shard that holds them; Lettuce follows the cluster's redirections (a slot that moved, a
     * failover) and refreshes its view of the topology when told to or every few seconds. Pub/sub messages reach
     * every node of a cluster, so the subscriptions live on one.
     */
    public Connection(java.util.List<String> seedUris, Duration commandTimeout) {
        java.util.List<RedisURI> uris = seedUris.stream().map(u -> redisUri(u, commandTimeout)).toList();
        this.server = "cluster " + String.join(",", uris.stream().map(u -> u.getHost() + ":" + u.getPort()).toList());
        this.resources = resources();
        RedisClusterClient cluster = RedisClusterClient.create(resources, uris);
        // Lettuce opens a connection to each node when a command first needs it: rejecting commands while
        // disconnected would refuse those first commands, so a cluster connection accepts them, and the command
        // timeout still bounds every call (an acquisition that times out cleans up after itself, see Queueing).
        cluster.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .maxRedirects(8)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                        .enablePeriodicRefresh(Duration.ofSeconds(2))
                        .build())
                .build());
        this.client = cluster;
        StatefulRedisClusterConnection<String, String> c = open(cluster::connect);
        this.connection = c;
        this.commands = c.sync();
        this.pubSub = cluster::connectPubSub;
    }

    private static RedisURI redisUri(String uri, Duration commandTimeout) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(commandTimeout);
        return redisUri;
    }

    /**
     * Reconnect soon after Redis is back: Lettuce's default back-off grows to 30 s, so calls would go on failing for
     * seconds after an outage. Here: from 10 ms, doubling, to at most half a second.
     */
    private static ClientResources resources() {
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(500), 2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
    }

    private <C> C open(java.util.function.Supplier<C> connect) {
        try {
            return connect.get();
        } catch (RedisException e) {
            client.shutdown();
            resources.shutdown();
            throw translate("connecting", "the connection", e);
        }
    }

    /** A new connection for subscriptions (on one node of a cluster: messages reach every node). */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return pubSub.get();
    }

    /** host:port, for messages. */
    public String server() {
        return server;
    }

    /** Runs a Lua script that returns a table (a list), for {@code what} (used in messages). */
    @SuppressWarnings("unchecked")
    public java.util.List<Object> multi(String what, Script script, String[] keys, String... args) {
        return (java.util.List<Object>) run(what, script, ScriptOutputType.MULTI, keys, args);
    }

    /** Runs a Lua script that returns an integer. */
    public long integer(String what, Script script, String[] keys, String... args) {
        Object r = run(what, script, ScriptOutputType.INTEGER, keys, args);
        return r == null ? 0 : (Long) r;
    }

    /** Runs a Lua script that returns a string (or nil). */
    public String value(String what, Script script, String[] keys, String... args) {
        return (String) run(what, script, ScriptOutputType.VALUE, keys, args);
    }

    private Object run(String what, Script script, ScriptOutputType type, String[] keys, String[] args) {
        try {
            return commands.eval(script.source(), type, keys, args);
        } catch (RedisException e) {
            throw translate(what, "script " + script.name(), e);
        }
    }

    /**
     * What a failure of Lettuce means to a caller. A server that is there but cannot serve for now (loading its data,
     * busy with a script, without its master) is unavailable, like one that cannot be reached: retrying is right. A
     * refusal of credentials or rights is a configuration error: retrying cannot help, so it is never reported as an
     * outage. Any other refusal is a bug of ours or of the server's, named with the script.
     */
    public RuntimeException translate(String what, String command, RedisException e) {
        String error = serverError(e);
        if (error == null) {
            return unavailable(what, e);
        }
        String code = error.split(" ", 2)[0];
        return switch (code) {
            case "LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "READONLY" -> unavailable(what, e);
            case "WRONGPASS", "NOAUTH", "NOPERM" -> new IllegalStateException("Redis at " + server + " refused "
                    + (code.equals("NOPERM") ? "the rights" : "the credentials") + " of this client (" + what + "): "
                    + error + "; check the user and password in the URI, and that the user may run scripts"
                    + " (EVAL), subscribe to channels (PSUBSCRIBE, SUBSCRIBE) and touch keys lockstep:*", e);
            default -> new IllegalStateException("Redis at " + server + " refused " + command + " (" + what + "): "
                    + error, e);
        };
    }

    /** The error the server replied with, found in {@code e} or its causes, or null if the server did not reply. */
    public static String serverError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandExecutionException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return null;
    }

    RedisUnavailableException unavailable(String what, Throwable e) {
        return new RedisUnavailableException("Redis at " + server + " is unreachable (" + what + "): "
                + e.getMessage(), e);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** A Lua script and its name. */
    public record Script(String name, String source) {}
}
