package dev.lockstep.bench;

import dev.lockstep.sync.Condition;
import dev.lockstep.sync.Mutex;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Turn-taking through a condition: threads in pairs, each waits for its turn, takes it, hands the turn over and
 * signals. One thread alone signals with nobody waiting. Lockstep's Condition against ReentrantLock's.
 */
@State(Scope.Benchmark)
public class ConditionBench extends Base {
    @Param({"platform-1", "platform-2", "platform-8", "virtual-1", "virtual-2", "virtual-1000"})
    public String threads;

    Mutex[] mutexes;
    Condition[] conditions;
    ReentrantLock[] locks;
    java.util.concurrent.locks.Condition[] jucConditions;
    int[] turns;

    @Setup
    public void setup() {
        int pairs = Math.max(1, Workers.count(threads) / 2);
        mutexes = new Mutex[pairs];
        conditions = new Condition[pairs];
        locks = new ReentrantLock[pairs];
        jucConditions = new java.util.concurrent.locks.Condition[pairs];
        turns = new int[pairs];
        for (int p = 0; p < pairs; p++) {
            mutexes[p] = new Mutex("pair-" + p);
            conditions[p] = mutexes[p].newCondition();
            locks[p] = new ReentrantLock();
            jucConditions[p] = locks[p].newCondition();
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void lockstep() throws InterruptedException {
        boolean alone = Workers.count(threads) == 1;
        java.util.Arrays.fill(turns, 0);
        Workers.run(threads, OPS, (i, n) -> {
            int pair = i / 2;
            int me = alone ? 0 : i % 2;
            Mutex m = mutexes[pair];
            Condition c = conditions[pair];
            for (int k = 0; k < n; k++) {
                m.lock();
                try {
                    while (turns[pair] != me) {
                        c.await();
                    }
                    turns[pair] = alone ? 0 : 1 - me;
                    c.signal();
                } finally {
                    m.unlock();
                }
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void juc() throws InterruptedException {
        boolean alone = Workers.count(threads) == 1;
        java.util.Arrays.fill(turns, 0);
        Workers.run(threads, OPS, (i, n) -> {
            int pair = i / 2;
            int me = alone ? 0 : i % 2;
            ReentrantLock m = locks[pair];
            java.util.concurrent.locks.Condition c = jucConditions[pair];
            for (int k = 0; k < n; k++) {
                m.lock();
                try {
                    while (turns[pair] != me) {
                        c.await();
                    }
                    turns[pair] = alone ? 0 : 1 - me;
                    c.signal();
                } finally {
                    m.unlock();
                }
            }
        });
    }
}
