package dev.lockstep.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The other processes of the cross-process tests, started as separate JVMs. Each prints what it did on standard
 * output, line by line, for the test to read; the crash cases then wait to be killed.
 */
public final class Child {
    private Child() {}

    /** Counts in flight in its own keys, apart from the semaphore: INCR on entry (keeping the peak), DECR on exit. */
    static final String ENTER = """
            local v = redis.call('INCR', KEYS[1])
            if v > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], v) end
            return v
            """;

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        switch (args[1]) {
            case "mutex" -> {
                RedisLockstep redis = RedisLockstep.builder(uri).lease(Duration.ofMillis(Long.parseLong(args[3])))
                        .connect();
                Lease lease = redis.mutex(args[2]).acquire();
                System.out.println("ACQUIRED " + lease.fencingToken());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            case "permits" -> {
                RedisLockstep redis = RedisLockstep.builder(uri).lease(Duration.ofMillis(Long.parseLong(args[4])))
                        .connect();
                RedisSemaphore s = redis.semaphore(args[2], Integer.parseInt(args[3]));
                List<Lease> held = new ArrayList<>();
                for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                    held.add(s.acquire());
                }
                System.out.println("ACQUIRED " + held.get(held.size() - 1).fencingToken());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            case "take" -> {
                RedisLockstep redis = RedisLockstep.builder(uri)
                        .visibilityTimeout(Duration.ofMillis(Long.parseLong(args[3]))).connect();
                RedisWorkQueue.Delivery d = redis.workQueue(args[2]).take();
                System.out.println("TOOK " + d.id() + " " + d.payload());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE); // killed mid-task: never acknowledges
            }
            case "workers" -> workers(uri, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException(args[1]);
        }
    }

    /** {@code workers} threads, each {@code rounds} times: take a permit, count in, count out, release. */
    private static void workers(String uri, String name, int permits, int workers, int rounds) throws Exception {
        RedisClient raw = RedisClient.create(uri);
        RedisCommands<String, String> counter = raw.connect().sync();
        String[] keys = {"it:inflight", "it:peak"};
        try (RedisLockstep redis = RedisLockstep.connect(uri)) {
            RedisSemaphore s = redis.semaphore(name, permits);
            AtomicInteger done = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < rounds; i++) {
                            try (Lease permit = s.acquire()) {
                                counter.eval(ENTER, ScriptOutputType.INTEGER, keys);
                                Thread.sleep(1); // the "API call"
                                counter.decr(keys[0]);
                            }
                            done.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.println("DONE " + done.get());
        } finally {
            raw.shutdown();
        }
    }
}
