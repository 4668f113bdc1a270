package dev.lockstep.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster on loopback for tests: three masters and three replicas, each a redis-server process of its own,
 * joined with {@code redis-cli --cluster create}; stopped by PID. Public for the benchmarks.
 */
public final class RedisCluster implements AutoCloseable {
    final List<RedisServer> nodes = new ArrayList<>();

    public static RedisCluster start(Path dir) throws IOException, InterruptedException {
        RedisCluster c = new RedisCluster();
        try {
            for (int i = 0; i < 6; i++) {
                c.nodes.add(RedisServer.startClusterNode(dir.resolve("node" + i)));
            }
            List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (RedisServer n : c.nodes) {
                cmd.add("127.0.0.1:" + n.port());
            }
            cmd.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Path log = dir.resolve("create.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("redis-cli --cluster create failed: " + Files.readString(log));
            }
            c.awaitOk();
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public String[] seeds() {
        return nodes.stream().map(RedisServer::uri).toArray(String[]::new);
    }

    /** Runs {@code command} against the node at {@code port} with a connection of its own. */
    <T> T on(int port, java.util.function.Function<RedisCommands<String, String>, T> command) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try {
            return command.apply(client.connect().sync());
        } finally {
            client.shutdown();
        }
    }

    /** Until every live node says the cluster is ok and knows all 16384 slots (polling their own state). */
    void awaitOk() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (RedisServer n : nodes) {
            while (n.alive()) {
                String info;
                try {
                    info = on(n.port(), RedisCommands::clusterInfo);
                } catch (RuntimeException down) {
                    info = "";
                }
                if (info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the cluster did not become ok: " + info);
                }
                Thread.sleep(50);
            }
        }
    }

    /** The node on {@code port}. */
    RedisServer node(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
    }

    /** The port of a live replica of the master on {@code masterPort}. */
    int replicaOf(int masterPort) {
        String masterId = on(masterPort, RedisCommands::clusterMyId);
        for (String line : on(masterPort, RedisCommands::clusterNodes).split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 3 && f[2].contains("slave") && f[3].equals(masterId) && !f[2].contains("fail")) {
                return Integer.parseInt(f[1].split("[:@]")[1]);
            }
        }
        throw new IllegalStateException("no replica of " + masterPort);
    }

    /** The port of the master that serves {@code slot}. */
    int masterOf(int slot) {
        for (RedisServer n : nodes) {
            if (!n.alive()) {
                continue;
            }
            String nodes = on(n.port(), RedisCommands::clusterNodes);
            for (String line : nodes.split("\n")) {
                String[] f = line.split(" ");
                if (f.length > 8 && f[2].contains("master") && !f[2].contains("fail")
                        && node(Integer.parseInt(f[1].split("[:@]")[1])).alive()) {
                    for (int i = 8; i < f.length; i++) {
                        String[] range = f[i].split("-");
                        if (range[0].startsWith("[")) {
                            continue;
                        }
                        int lo = Integer.parseInt(range[0].trim());
                        int hi = range.length > 1 ? Integer.parseInt(range[1].trim()) : lo;
                        if (slot >= lo && slot <= hi) {
                            return Integer.parseInt(f[1].split("[:@]")[1]);
                        }
                    }
                }
            }
            break;
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisServer n : nodes) {
            n.close();
        }
    }
}
