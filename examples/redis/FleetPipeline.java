import dev.lockstep.redis.RedisLockstep;
import dev.lockstep.redis.RedisWorkQueue;
import java.time.Duration;

/**
 * The seed's scenario 4 across processes: producers and consumers pass work as messages through one RedisWorkQueue,
 * and a consumer that dies mid-task loses nothing. In three terminals, against one Redis (docs/REDIS.md):
 *
 *   ./lockstep run examples/redis/FleetPipeline.java redis://127.0.0.1:6379 work
 *   ./lockstep run examples/redis/FleetPipeline.java redis://127.0.0.1:6379 work crash-after 3
 *   ./lockstep run examples/redis/FleetPipeline.java redis://127.0.0.1:6379 produce 20
 *
 * The producer puts 20 jobs and waits (join) until every one has been acknowledged. The second worker dies (halts,
 * as a kill -9 would) in the middle of its third job: two seconds later that job is delivered again, to the other
 * worker, with its delivery count. Workers stop after 10 idle seconds.
 */
public class FleetPipeline {
    static final String QUEUE = "fleet-pipeline";

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        String role = args.length > 1 ? args[1] : "work";
        try (RedisLockstep redis = RedisLockstep.builder(uri).visibilityTimeout(Duration.ofSeconds(2)).connect()) {
            RedisWorkQueue jobs = redis.workQueue(QUEUE);
            if (role.equals("produce")) {
                int n = args.length > 2 ? Integer.parseInt(args[2]) : 20;
                for (int i = 1; i <= n; i++) {
                    jobs.put("job-" + i);
                }
                System.out.println("producer: put " + n + " jobs; waiting until every one is acknowledged");
                jobs.join();
                System.out.println("producer: all " + n + " jobs acknowledged");
                return;
            }
            int crashAfter = args.length > 3 && args[2].equals("crash-after") ? Integer.parseInt(args[3]) : -1;
            String me = "worker " + redis.clientId();
            int done = 0;
            System.out.println(me + ": waiting for jobs");
            System.out.flush();
            for (RedisWorkQueue.Delivery job = jobs.poll(Duration.ofSeconds(10)); job != null;
                    job = jobs.poll(Duration.ofSeconds(10))) {
                System.out.println(me + ": " + job.payload() + " (delivery " + job.deliveryCount() + ")");
                if (done + 1 == crashAfter) {
                    System.out.println(me + ": crashing in the middle of " + job.payload());
                    System.out.flush();
                    Runtime.getRuntime().halt(137); // no acknowledgement, no clean-up: as kill -9
                }
                Thread.sleep(100); // the work itself
                job.taskDone();
                done++;
            }
            System.out.println(me + ": idle for 10 s, stopping after " + done + " jobs");
        }
    }
}
