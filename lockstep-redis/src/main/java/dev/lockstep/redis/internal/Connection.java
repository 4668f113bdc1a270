package dev.lockstep.redis.internal;

import dev.lockstep.redis.RedisUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;

/**
 * The one Lettuce connection of a RedisLockstep, and the translation of its failures ({@link #translate}): a server
 * that cannot be reached or cannot serve for now gives a {@link RedisUnavailableException} naming the server and the
 * operation; refused credentials or rights, and script errors, an {@link IllegalStateException}. Commands are rejected while disconnected, so
 * no call waits longer than the command timeout.
 */
public final class Connection implements AutoCloseable {
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> commands;
    private final String server;

    public Connection(String uri, Duration commandTimeout) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(commandTimeout);
        this.server = redisUri.getHost() + ":" + redisUri.getPort();
        // Reconnect soon after Redis is back: Lettuce's default back-off grows to 30 s, so calls would go on failing
        // for seconds after an outage. Here: from 10 ms, doubling, to at most half a second.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(500), 2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        try {
            this.connection = client.connect();
        } catch (RedisException e) {
            client.shutdown();
            resources.shutdown();
            throw translate("connecting", "the connection", e);
        }
        this.commands = connection.sync();
    }

    public RedisClient client() {
        return client;
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
