package dev.lockstep.bench;

import dev.lockstep.redis.Lease;
import dev.lockstep.redis.RedisCluster;
import dev.lockstep.redis.RedisLockstep;
import dev.lockstep.redis.RedisMutex;
import dev.lockstep.redis.RedisSemaphore;
import dev.lockstep.redis.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lockstep on Redis, against real redis-server processes on loopback: a mutex with 10, 100 and 500 waiters queued
 * in two processes (this one and a child JVM), each taking it once: grants per second and Redis scripts per grant
 * (counted by the server, {@code INFO commandstats}); and a semaphore's acquisitions per second on one server and on a
 * cluster of three masters and three replicas.
 */
final class RedisBench {
    static final String PREFIX = "redis";

    /** One measurement: what ("mutex grants/s", ...), for which configuration ("100 waiters", "cluster"). */
    record Result(String what, String config, double value) {
        String line() {
            return PREFIX + "\t" + what + "\t" + config + "\t" + value;
        }

        static Result parse(String line) {
            String[] f = line.split("\t");
            return new Result(f[1], f[2], Double.parseDouble(f[3]));
        }
    }

    static List<Result> measure(boolean quick) throws Exception {
        List<Result> out = new ArrayList<>();
        Path dir = Files.createTempDirectory("lockstep-redis-bench");
        try (RedisServer server = RedisServer.start(dir.resolve("single"), false)) {
            for (int waiters : quick ? new int[] {10, 100} : new int[] {10, 100, 500}) {
                double[] r = herd(server, waiters);
                out.add(new Result("mutex grants/s", waiters + " waiters", r[0]));
                out.add(new Result("mutex scripts per grant", waiters + " waiters", r[1]));
            }
            out.add(new Result("semaphore acquisitions/s", "one server",
                    semaphore(new String[] {server.uri()}, quick)));
        }
        try (RedisCluster cluster = RedisCluster.start(dir.resolve("cluster"))) {
            out.add(new Result("semaphore acquisitions/s", "cluster", semaphore(cluster.seeds(), quick)));
        }
        return out;
    }

    /** {grants per second, scripts per grant} for {@code waiters} queued behind a holder, half in a child JVM. */
    private static double[] herd(RedisServer server, int waiters) throws Exception {
        String name = "bench-herd-" + waiters + "-" + System.nanoTime();
        RedisClient raw = RedisClient.create(server.uri());
        try (RedisLockstep here = RedisLockstep.connect(server.uri())) {
            RedisCommands<String, String> redis = raw.connect().sync();
            Lease blocker = here.mutex(name).acquire();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RedisBench.class.getName(), "child", server.uri(),
                    name, Integer.toString(waiters / 2)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<Thread> mine = start(here.mutex(name), waiters - waiters / 2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (redis.llen("lockstep:{mutex:" + name + "}:queue") < waiters) {
                if (System.nanoTime() > deadline || !child.isAlive()) {
                    throw new IllegalStateException("the waiters did not all queue");
                }
                Thread.sleep(5);
            }
            long scriptsBefore = RedisServer.scriptsRun(redis);
            long start = System.nanoTime();
            blocker.close();
            for (Thread t : mine) {
                t.join();
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                if (!"DONE".equals(r.readLine())) {
                    throw new IllegalStateException("the child's waiters did not finish");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double perGrant = (RedisServer.scriptsRun(redis) - scriptsBefore) / (double) waiters;
            child.waitFor(30, TimeUnit.SECONDS);
            System.out.printf("   mutex, %d waiters in 2 processes: %.0f grants/s, %.2f scripts per grant%n",
                    waiters, waiters / seconds, perGrant);
            return new double[] {waiters / seconds, perGrant};
        } finally {
            raw.shutdown();
        }
    }

    private static List<Thread> start(RedisMutex m, int n) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    m.acquire().close();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        return threads;
    }

    /** Acquisitions per second of a 4-permit semaphore by 16 virtual threads in two clients, median of rounds. */
    private static double semaphore(String[] uris, boolean quick) throws Exception {
        try (RedisLockstep a = connect(uris); RedisLockstep b = connect(uris)) {
            String name = "bench-semaphore-" + System.nanoTime();
            double[] rounds = new double[quick ? 3 : 5];
            for (int round = -1; round < rounds.length; round++) { // round -1 warms up
                LongAdder done = new LongAdder();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quick ? 500 : 2_000);
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    RedisSemaphore s = (i % 2 == 0 ? a : b).semaphore(name, 4);
                    threads.add(Thread.ofVirtual().start(() -> {
                        try {
                            while (System.nanoTime() - until < 0) {
                                s.acquire().close();
                                done.increment();
                            }
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                long start = System.nanoTime();
                for (Thread t : threads) {
                    t.join();
                }
                if (round >= 0) {
                    rounds[round] = done.sum() / ((System.nanoTime() - start) / 1e9);
                }
            }
            double median = Stats.median(rounds);
            System.out.printf("   semaphore on %s: %.0f acquisitions/s%n", uris.length > 1 ? "a cluster" : "one server",
                    median);
            return median;
        }
    }

    private static RedisLockstep connect(String[] uris) {
        return uris.length == 1 ? RedisLockstep.connect(uris[0]) : RedisLockstep.connectCluster(uris);
    }

    /** The child process of {@link #herd}: {@code child URI NAME COUNT}; prints DONE once its waiters are served. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !args[0].equals("child")) {
            throw new IllegalArgumentException("usage: child URI NAME COUNT");
        }
        try (RedisLockstep c = RedisLockstep.connect(args[1])) {
            for (Thread t : start(c.mutex(args[2]), Integer.parseInt(args[3]))) {
                t.join();
            }
        }
        System.out.println("DONE");
    }
}
