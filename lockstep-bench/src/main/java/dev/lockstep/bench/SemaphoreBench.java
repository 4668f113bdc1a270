package dev.lockstep.bench;

import dev.lockstep.sync.Semaphore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Acquire and release one of 4 permits: Lockstep's Semaphore, fair (the default) and unfair, against
 * java.util.concurrent's, fair and unfair.
 */
@State(Scope.Benchmark)
public class SemaphoreBench extends Base {
    @Param({"platform-1", "platform-2", "platform-8", "virtual-1", "virtual-2", "virtual-1000"})
    public String threads;

    Semaphore semaphore;
    Semaphore semaphoreUnfair;
    java.util.concurrent.Semaphore fair;
    java.util.concurrent.Semaphore unfair;

    @Setup
    public void setup() {
        semaphore = new Semaphore("bench", 4);
        semaphoreUnfair = new Semaphore("bench", 4, false);
        fair = new java.util.concurrent.Semaphore(4, true);
        unfair = new java.util.concurrent.Semaphore(4, false);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void lockstep() throws InterruptedException {
        Workers.run(threads, OPS, (i, n) -> {
            for (int k = 0; k < n; k++) {
                semaphore.acquire();
                semaphore.release();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void lockstepUnfair() throws InterruptedException {
        Workers.run(threads, OPS, (i, n) -> {
            for (int k = 0; k < n; k++) {
                semaphoreUnfair.acquire();
                semaphoreUnfair.release();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void jucFair() throws InterruptedException {
        Workers.run(threads, OPS, (i, n) -> {
            for (int k = 0; k < n; k++) {
                fair.acquire();
                fair.release();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void jucUnfair() throws InterruptedException {
        Workers.run(threads, OPS, (i, n) -> {
            for (int k = 0; k < n; k++) {
                unfair.acquire();
                unfair.release();
            }
        });
    }
}
