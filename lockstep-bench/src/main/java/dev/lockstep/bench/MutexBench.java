package dev.lockstep.bench;

import dev.lockstep.sync.Mutex;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lock, increment, unlock: Lockstep's Mutex, fair (the default) and unfair, against ReentrantLock, unfair and fair. Three forks, not one: contended, a
 * fork settles into one of several steady rates (which thread runs where, what the JIT made of the hand-over), and the
 * same benchmark moved between 0.7 and 2.3 million operations per second from one fork to the next while its
 * iterations within a fork stayed within 10%.
 */
@State(Scope.Benchmark)
@Fork(3)
public class MutexBench extends Base {
    @Param({"platform-1", "platform-2", "platform-8", "virtual-1", "virtual-2", "virtual-1000"})
    public String threads;

    Mutex mutex;
    Mutex mutexUnfair;
    ReentrantLock unfair;
    ReentrantLock fair;
    long counter;

    @Setup
    public void setup() {
        mutex = new Mutex("bench");
        mutexUnfair = new Mutex("bench", false);
        unfair = new ReentrantLock();
        fair = new ReentrantLock(true);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void lockstep() throws InterruptedException {
        Workers.run(threads, OPS, (i, n) -> {
            for (int k = 0; k < n; k++) {
                mutex.lock();
                counter++;
                mutex.unlock();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void lockstepUnfair() throws InterruptedException {
        Workers.run(threads, OPS, (i, n) -> {
            for (int k = 0; k < n; k++) {
                mutexUnfair.lock();
                counter++;
                mutexUnfair.unlock();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void jucUnfair() throws InterruptedException {
        Workers.run(threads, OPS, (i, n) -> {
            for (int k = 0; k < n; k++) {
                unfair.lock();
                counter++;
                unfair.unlock();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void jucFair() throws InterruptedException {
        Workers.run(threads, OPS, (i, n) -> {
            for (int k = 0; k < n; k++) {
                fair.lock();
                counter++;
                fair.unlock();
            }
        });
    }
}
