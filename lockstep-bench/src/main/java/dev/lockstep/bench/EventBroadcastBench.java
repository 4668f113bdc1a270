package dev.lockstep.bench;

import dev.lockstep.sync.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** A broadcast: 1,000 virtual threads parked on an Event (a CountDownLatch), woken by one set (one countDown). */
@State(Scope.Benchmark)
public class EventBroadcastBench extends Base {
    static final int BROADCAST = 1000;

    @Benchmark
    @OperationsPerInvocation(BROADCAST)
    public void lockstepBroadcast() throws InterruptedException {
        Event e = new Event("broadcast");
        List<Thread> waiters = new ArrayList<>(BROADCAST);
        for (int i = 0; i < BROADCAST; i++) {
            waiters.add(Thread.ofVirtual().start(() -> {
                try {
                    e.await();
                } catch (InterruptedException ignored) {
                    // not in a benchmark
                }
            }));
        }
        e.set();
        for (Thread t : waiters) {
            t.join();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BROADCAST)
    public void jucBroadcast() throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        List<Thread> waiters = new ArrayList<>(BROADCAST);
        for (int i = 0; i < BROADCAST; i++) {
            waiters.add(Thread.ofVirtual().start(() -> {
                try {
                    l.await();
                } catch (InterruptedException ignored) {
                    // not in a benchmark
                }
            }));
        }
        l.countDown();
        for (Thread t : waiters) {
            t.join();
        }
    }
}
