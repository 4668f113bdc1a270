package dev.lockstep.bench;

import dev.lockstep.sync.Event;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lockstep's Event against CountDownLatch: waiting on one that is already set, the fast path every worker takes once
 * initialisation is done. {@link EventBroadcastBench} measures the wake-up of parked waiters.
 */
@State(Scope.Benchmark)
public class EventBench extends Base {
    @Param({"platform-1", "platform-2", "platform-8", "virtual-1", "virtual-2", "virtual-1000"})
    public String threads;

    Event set;
    CountDownLatch open;

    @Setup
    public void setup() {
        set = new Event("bench");
        set.set();
        open = new CountDownLatch(0);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void lockstepAwaitSet() throws InterruptedException {
        Workers.run(threads, OPS, (i, n) -> {
            for (int k = 0; k < n; k++) {
                set.await();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void jucAwaitOpen() throws InterruptedException {
        Workers.run(threads, OPS, (i, n) -> {
            for (int k = 0; k < n; k++) {
                open.await();
            }
        });
    }
}
