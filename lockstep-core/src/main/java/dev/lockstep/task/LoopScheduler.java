package dev.lockstep.task;

import dev.lockstep.internal.VThreads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler behind {@link Loop}: one carrier thread runs the loop's virtual threads one at a time, in the order
 * they became ready, each until it blocks. That is asyncio's event loop, with virtual threads as the coroutines.
 */
class LoopScheduler implements Executor {

    /*
     * Overview
     *
     * Virtual threads hand this executor the task that continues them whenever they become ready: at start, after an
     * unpark, after Thread.yield. Those handed over by the loop's own threads (always on the carrier) go straight to
     * the ready deque; those handed over by other threads (timers, I/O pollers, platform threads that unpark) go to
     * the inbox, which the carrier moves to the tail of the ready deque before each step, so readiness stays FIFO.
     * When nothing is ready the carrier parks until the inbox gets something.
     *
     *   step: [inbox -> ready tail] -> run ready head until it blocks -> note whether its thread ended
     */

    /** Ready continuations; touched only by the carrier. */
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    /** Continuations handed over by other threads. */
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /**
     * The live threads of this loop by their continuation task, in the order they first ran (continuation tasks do not
     * override equals, so this is an identity map that also keeps reports in a stable order); carrier only.
     */
    final Map<Runnable, Thread> tasks = new LinkedHashMap<>();
    /** Set while the carrier is parked for lack of work, so that a submitter knows to unpark it. */
    private volatile boolean idle;
    volatile Thread carrier;
    /** The thread running now, or null between steps. */
    volatile Thread current;

    @Override
    public void execute(Runnable task) {
        Thread t = Thread.currentThread();
        if (t == carrier || (t.isVirtual() && VThreads.scheduler(t) == this)) {
            ready.addLast(task);
        } else {
            inbox.add(task);
            if (idle) {
                LockSupport.unpark(carrier);
            }
        }
    }

    /** Runs {@code root} and every thread it starts until {@code result} is done, on the calling thread. */
    <T> void run(Thread root, FutureTask<T> result) {
        carrier = Thread.currentThread();
        root.start();
        while (!result.isDone()) {
            if (!step()) {
                awaitWork();
            }
        }
        List<Thread> leftovers = new ArrayList<>();
        for (Thread t : tasks.values()) {
            if (t != root && t.isAlive()) {
                leftovers.add(t);
            }
        }
        if (!leftovers.isEmpty()) {
            leftoverTasks(leftovers);
            // asyncio.run's rule: cancel what is left and let it unwind, as far as it can without waiting.
            for (Thread t : leftovers) {
                t.interrupt();
            }
            while (step()) {
                // drain
            }
        }
    }

    /** Runs the next ready thread until it blocks; false if none is ready. */
    boolean step() {
        Runnable r;
        while ((r = inbox.poll()) != null) {
            ready.addLast(r);
        }
        r = ready.pollFirst();
        if (r == null) {
            return false;
        }
        Thread t = tasks.get(r);
        if (t == null) {
            t = VThreads.threadOf(r);
            tasks.put(r, t);
            taskStarted(t);
        }
        beforeStep(t);
        current = t;
        try {
            r.run();
        } finally {
            current = null;
            afterStep(t);
        }
        if (!t.isAlive()) {
            tasks.remove(r);
            taskEnded(t);
        }
        return true;
    }

    /** Parks the carrier until a thread outside the loop hands it work. */
    void awaitWork() {
        idle = true;
        try {
            while (inbox.isEmpty()) {
                idleWait();
            }
        } finally {
            idle = false;
        }
    }

    /** One idle park; the debug scheduler parks with a timeout to look for deadlocks. */
    void idleWait() {
        LockSupport.park(this);
    }

    void taskStarted(Thread t) {}

    void beforeStep(Thread t) {}

    void afterStep(Thread t) {}

    void taskEnded(Thread t) {}

    void leftoverTasks(List<Thread> leftovers) {}
}
