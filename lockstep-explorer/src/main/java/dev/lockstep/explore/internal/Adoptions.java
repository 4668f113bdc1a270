package dev.lockstep.explore.internal;

import dev.lockstep.internal.hook.PlatformThreads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The platform threads one run adopted, and its own common pool. With the agent, a platform thread that a task starts
 * ({@code new Thread(...)}, a subclass of {@code Thread}, {@code Thread.ofPlatform()}, the workers of an executor or
 * of a fork/join pool) is not started: a virtual thread of the run, named as the code named the thread, runs its
 * {@code run()} as a task like any other. Tasks that use the common pool ({@code CompletableFuture.*Async} without an
 * executor, parallel streams, {@code ForkJoinPool.commonPool()}) get a pool of the run's own, whose workers are
 * adopted too; it starts a worker whenever work waits and every worker is busy or blocked (as the common pool
 * compensates for blocked workers), up to {@link #COMMON_PARALLELISM}.
 */
final class Adoptions {
    /** Workers of a run's common pool, at most: the same on every machine, so that schedules replay anywhere. */
    static final int COMMON_PARALLELISM = 64;

    private final ThreadNames names = new ThreadNames();
    /** Stand-in to the platform thread it runs. */
    private final Map<Thread, Thread> adopted = new IdentityHashMap<>();
    /** The platform threads already given their run's name. */
    private final Set<Thread> named = Collections.newSetFromMap(new IdentityHashMap<>());
    private ForkJoinPool common;
    private int commonWorkers;

    /** Runs {@code platform} on a new virtual thread of the calling task's scheduler (the run's engine). */
    void adopt(Thread platform) {
        name(platform);
        Thread standIn = Thread.ofVirtual().name(platform.getName()).unstarted(platform::run);
        Thread.UncaughtExceptionHandler own = platform.getUncaughtExceptionHandler();
        if (own != null && own != platform.getThreadGroup()) {
            standIn.setUncaughtExceptionHandler((t, e) -> own.uncaughtException(platform, e));
        }
        PlatformThreads.bind(platform, standIn); // throws if it was started already, as Thread.start would
        adopted.put(standIn, platform);
        standIn.start();
    }

    /**
     * Gives a platform thread not yet started its run's name (see {@link ThreadNames}), once: so that the code, the
     * trace and a replay read the same name, from the first call on the thread.
     */
    void name(Thread platform) {
        if (named.add(platform)) {
            String name = names.canonical(platform.getName());
            if (!name.equals(platform.getName())) {
                platform.setName(name);
            }
        }
    }

    /** The platform thread {@code thread} stands in for, or null. */
    Thread adoptedBy(Thread thread) {
        return adopted.isEmpty() ? null : adopted.get(thread);
    }

    /** The run's common pool, made on first use (by a task of the run, so that its workers are adopted). */
    ForkJoinPool commonPool() {
        if (common == null) {
            common = new ForkJoinPool(COMMON_PARALLELISM, pool -> {
                ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                w.setName("ForkJoinPool.commonPool-worker-" + ++commonWorkers);
                return w;
            }, null, false);
        }
        return common;
    }

    /** The run is over: its pool stops (its workers wind down with the run's other tasks). */
    void stop() {
        if (common != null) {
            common.shutdownNow();
        }
    }

    /** After the run's teardown: the platform threads are themselves again. */
    void release() {
        List<Thread> platforms = new ArrayList<>(adopted.values());
        for (Thread p : platforms) {
            PlatformThreads.unbind(p);
        }
        adopted.clear();
        named.clear();
    }
}
