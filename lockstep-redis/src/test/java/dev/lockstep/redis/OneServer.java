package dev.lockstep.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class's own redis-server on loopback, started once for the class and stopped by its PID, with a raw
 * connection ({@link #redis}) for reading and changing the server's state behind the primitives' backs.
 */
abstract class OneServer {
    @TempDir
    static Path dir;
    static RedisServer server;
    static RedisClient raw;
    static RedisCommands<String, String> redis;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.start(dir.resolve("redis"), false);
        raw = RedisClient.create(server.uri());
        redis = raw.connect().sync();
    }

    @AfterAll
    static void stopServer() throws Exception {
        raw.shutdown();
        server.close();
    }

    /** Scripts the server has run so far, from its own counters. */
    static long scripts() {
        return RedisServer.scriptsRun(redis);
    }
}
