package dev.lockstep.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (Debian's package; ./run-tests installs it) on a free loopback port, in a directory of its own,
 * stopped by its PID. No mocks and no embedded fakes.
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final boolean appendOnly;
    private final List<String> extra;
    private Process process;

    private RedisServer(Path dir, int port, boolean appendOnly, List<String> extra) {
        this.dir = dir;
        this.port = port;
        this.appendOnly = appendOnly;
        this.extra = extra;
    }

    /** Starts a server in {@code dir}; with {@code appendOnly}, every write is fsynced to an append-only file. */
    public static RedisServer start(Path dir, boolean appendOnly) throws IOException, InterruptedException {
        RedisServer s = new RedisServer(dir, freePort(), appendOnly, List.of());
        s.launch();
        return s;
    }

    /** Starts a server in {@code dir} with extra {@code redis-server} arguments. */
    public static RedisServer start(Path dir, List<String> extra) throws IOException, InterruptedException {
        RedisServer s = new RedisServer(dir, freePort(), false, List.copyOf(extra));
        s.launch();
        return s;
    }

    /** Starts a node of a Redis Cluster in {@code dir}, on a port whose cluster bus port (+10000) is free too. */
    public static RedisServer startClusterNode(Path dir) throws IOException, InterruptedException {
        int port = freeClusterPort();
        RedisServer s = new RedisServer(dir, port, false, List.of("--cluster-enabled", "yes", "--cluster-config-file",
                dir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "1000"));
        s.launch();
        return s;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** How many scripts (EVAL and EVALSHA) the server that {@code redis} talks to has run, from its own counters. */
    public static long scriptsRun(io.lettuce.core.api.sync.RedisCommands<String, String> redis) {
        long calls = 0;
        for (String line : redis.info("commandstats").split("\n")) {
            if (line.startsWith("cmdstat_eval")) {
                calls += Long.parseLong(line.replaceAll("(?s).*?calls=(\\d+).*", "$1"));
            }
        }
        return calls;
    }

    /** Whether its process runs. */
    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Kills the server at once (SIGKILL to its PID), as a crash would, and waits for it. */
    void kill() throws InterruptedException {
        if (process != null) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Sends {@code signal} (STOP, CONT) to the server's PID. */
    void signal(String signal) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Stops the server (SIGTERM to its PID, then SIGKILL if it lingers) and waits for it. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Stops and starts again on the same port and directory (and append-only file). */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void launch() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--dir", dir.toString(), "--save", "", "--daemonize", "no", "--loglevel", "warning"));
        if (appendOnly) {
            cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            cmd.addAll(List.of("--appendonly", "no"));
        }
        cmd.addAll(extra);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException("redis-server is needed (Debian package redis-server; ./run-tests installs it)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ping()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(20);
        }
    }

    /** PING over a raw socket: true on +PONG (also false while it loads its append-only file). */
    private boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            s.setSoTimeout(500);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[16];
            int n = s.getInputStream().read(buf);
            String reply = n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "";
            // A replica that may not serve stale data answers MASTERDOWN: it is up, and that is its answer.
            return reply.startsWith("+PONG") || reply.startsWith("-MASTERDOWN");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeClusterPort() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + random.nextInt(30_000);
            try (ServerSocket a = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                    ServerSocket b = new ServerSocket(port + 10_000, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free pair of ports for a cluster node");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
