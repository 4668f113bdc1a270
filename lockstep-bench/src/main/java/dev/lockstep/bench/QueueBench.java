package dev.lockstep.bench;

import dev.lockstep.sync.WorkQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Items through a queue of 128: with one thread, put then take (uncontended); with more, half put and half take.
 * Lockstep's WorkQueue against ArrayBlockingQueue and LinkedBlockingQueue.
 */
@State(Scope.Benchmark)
public class QueueBench extends Base {
    @Param({"platform-1", "platform-2", "platform-8", "virtual-1", "virtual-2", "virtual-1000"})
    public String threads;

    WorkQueue<Integer> workQueue;
    ArrayBlockingQueue<Integer> array;
    LinkedBlockingQueue<Integer> linked;
    static final Integer ITEM = 42;

    @Setup
    public void setup() {
        workQueue = WorkQueue.fifo(128);
        array = new ArrayBlockingQueue<>(128);
        linked = new LinkedBlockingQueue<>(128);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void lockstep() throws InterruptedException {
        boolean alone = Workers.count(threads) == 1;
        Workers.run(threads, OPS, (i, n) -> {
            if (alone) {
                for (int k = 0; k < n; k++) {
                    workQueue.put(ITEM);
                    workQueue.take();
                }
            } else if (i % 2 == 0) {
                for (int k = 0; k < n; k++) {
                    workQueue.put(ITEM);
                }
            } else {
                for (int k = 0; k < n; k++) {
                    workQueue.take();
                }
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void jucArray() throws InterruptedException {
        run(array);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void jucLinked() throws InterruptedException {
        run(linked);
    }

    private void run(BlockingQueue<Integer> q) throws InterruptedException {
        boolean alone = Workers.count(threads) == 1;
        Workers.run(threads, OPS, (i, n) -> {
            if (alone) {
                for (int k = 0; k < n; k++) {
                    q.put(ITEM);
                    q.take();
                }
            } else if (i % 2 == 0) {
                for (int k = 0; k < n; k++) {
                    q.put(ITEM);
                }
            } else {
                for (int k = 0; k < n; k++) {
                    q.take();
                }
            }
        });
    }
}
