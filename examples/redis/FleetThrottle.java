import dev.lockstep.redis.Lease;
import dev.lockstep.redis.RedisLockstep;
import dev.lockstep.redis.RedisSemaphore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's scenario 2 across processes: every instance of a service calls one API that allows 10 calls at a time.
 * Start several instances at once against one Redis (docs/REDIS.md):
 *
 *   for i in 1 2 3; do ./lockstep run examples/redis/FleetThrottle.java redis://127.0.0.1:6379 & done; wait
 *
 * Each instance makes 40 calls from 40 virtual threads through one fleet-wide RedisSemaphore of 10 permits, and prints
 * the most calls the API saw in flight, fleet-wide, while it was calling. Add "unguarded" to call without the
 * semaphore and watch the limit break.
 */
public class FleetThrottle {
    static final int LIMIT = 10;
    static final int CALLS = 40;

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        boolean guarded = !(args.length > 1 && args[1].equals("unguarded"));
        RedisClient apiStore = RedisClient.create(uri);
        try (RedisLockstep redis = RedisLockstep.connect(uri)) {
            Api api = new Api(apiStore.connect().sync());
            RedisSemaphore permits = redis.semaphore("fleet-throttle", LIMIT);
            AtomicLong peak = new AtomicLong();
            List<Thread> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(Thread.ofVirtual().start(() -> {
                    try {
                        if (guarded) {
                            try (Lease permit = permits.acquire()) {
                                peak.accumulateAndGet(api.call(), Math::max);
                            }
                        } else {
                            peak.accumulateAndGet(api.call(), Math::max);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread t : calls) {
                t.join();
            }
            System.out.printf("instance %s (%s): %d calls, at most %d in flight fleet-wide (limit %d)%n",
                    redis.clientId(), guarded ? "guarded" : "unguarded", CALLS, peak.get(), LIMIT);
        } finally {
            apiStore.shutdown();
        }
    }

    /**
     * The API, as far as the example needs one: it counts the calls in flight across every instance (a sorted set in
     * Redis, entries expiring after a minute so that a killed instance does not skew later runs) and takes 200 ms.
     */
    record Api(RedisCommands<String, String> store) {
        static final String ENTER = """
                local t = redis.call('TIME')
                local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
                redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
                redis.call('ZADD', KEYS[1], now + 60000, ARGV[1])
                return redis.call('ZCARD', KEYS[1])
                """;

        /** Makes one call; returns how many were in flight, fleet-wide, when it arrived. */
        long call() throws InterruptedException {
            String id = UUID.randomUUID().toString();
            String[] keys = {"fleet-throttle:api:in-flight"};
            long inFlight = store.eval(ENTER, ScriptOutputType.INTEGER, keys, id);
            try {
                Thread.sleep(200); // the API's latency
            } finally {
                store.zrem(keys[0], id);
            }
            return inFlight;
        }
    }
}
