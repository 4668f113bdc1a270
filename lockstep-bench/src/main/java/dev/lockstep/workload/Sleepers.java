package dev.lockstep.workload;

import dev.lockstep.explore.Scenario;
import dev.lockstep.task.Clock;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The same small scenario written twice: once with the JDK's timed waits ({@code Thread.sleep}, a timed {@code
 * poll}), which the agent puts on the explorer's virtual time, and once with Lockstep's {@code Clock.sleep}, which is
 * virtual without it. Three tasks take turns with a queue and sleep between turns.
 */
public final class Sleepers {
    private Sleepers() {}

    /** Three tasks: sleep 10 ms, offer an item, poll one with a 50 ms timeout, twice. */
    public static Scenario jdkWaits() {
        return () -> {
            LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>();
            Thread[] ts = new Thread[3];
            for (int i = 0; i < 3; i++) {
                int id = i;
                ts[i] = Thread.ofVirtual().start(() -> {
                    try {
                        for (int round = 0; round < 2; round++) {
                            Thread.sleep(10);
                            q.offer(id);
                            q.poll(50, TimeUnit.MILLISECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            for (Thread t : ts) {
                t.join();
            }
        };
    }

    /** The same with {@code Clock.sleep} in place of both waits. */
    public static Scenario clockSleeps() {
        return () -> {
            LinkedBlockingQueue<Integer> q = new LinkedBlockingQueue<>();
            Thread[] ts = new Thread[3];
            for (int i = 0; i < 3; i++) {
                int id = i;
                ts[i] = Thread.ofVirtual().start(() -> {
                    try {
                        for (int round = 0; round < 2; round++) {
                            Clock.sleep(Duration.ofMillis(10));
                            q.offer(id);
                            Clock.sleep(Duration.ofMillis(50));
                            q.poll();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            for (Thread t : ts) {
                t.join();
            }
        };
    }
}
