package dev.lockstep.task;

import dev.lockstep.internal.Carriers;
import dev.lockstep.internal.Names;
import dev.lockstep.internal.VThreads;
import dev.lockstep.internal.hook.Hooks;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * Runs virtual threads with asyncio's semantics: one carrier thread, tasks switch only where they block, so the code
 * between two blocking points of a task runs atomically with respect to the loop's other tasks. The seed's scenarios
 * behave on a {@code Loop} exactly as they do under asyncio: a read-yield-write loses updates, the same code without the
 * yield does not, and a task that never blocks stalls everyone.
 *
 * {@snippet :
 * int total = Loop.run(() -> {
 *     try (TaskGroup group = TaskGroup.open()) {         // its tasks run on this loop too
 *         for (int i = 0; i < 3; i++) group.spawn(() -> { counter.incrementWithYield(); return null; });
 *     }
 *     return counter.get();
 * });
 * }
 *
 * <p><b>Which threads run on the loop.</b> {@code main} runs in a virtual thread on the loop, and so does every virtual
 * thread it starts, directly or not, however it starts it: {@code Thread.ofVirtual()}, {@code
 * Executors.newVirtualThreadPerTaskExecutor()}, {@link TaskGroup}. Platform threads do not, and neither do virtual
 * threads started by platform threads.
 *
 * <p><b>Where tasks switch.</b> Wherever the running task blocks: parking (every Lockstep and {@code
 * java.util.concurrent} wait), sleeping, blocking I/O, {@code Thread.yield()}, {@link Checkpoint#yieldNow()}. Ready
 * tasks run in the order they became ready. A task that blocks in native code, or that computes for a long time,
 * keeps the carrier and stalls every other task; debug mode names it.
 *
 * <p><b>When it returns.</b> When {@code main} returns or throws. Tasks still running then are interrupted (asyncio's
 * {@code run} cancels them) and run for as long as they can without waiting; what still waits after that is
 * abandoned. Debug mode reports them.
 *
 * <p><b>Debug mode</b> ({@link Builder#debug}, or {@code -Dlockstep.debug=true}) reports, through {@link System.Logger}
 * {@code dev.lockstep.loop} and {@link Builder#onReport}: a task that keeps the carrier longer than the slow-task
 * threshold (default 100 ms), with its stack; a deadlock, with the wait-for picture, after which {@code run} throws
 * {@link DeadlockException} instead of hanging; a {@code Mutex} still held by a task that ended; tasks still running
 * when {@code main} returns.
 *
 * <p><b>Requirements.</b> The JDK has no public API for custom virtual-thread schedulers yet, so the loop needs {@code
 * --add-opens java.base/java.lang=ALL-UNNAMED}; without it, {@code run} fails with a message naming that flag.
 */
public final class Loop {
    private Loop() {}

    /**
     * Runs {@code main} on a new loop and returns its result once it ends.
     *
     * @throws Exception whatever {@code main} throws
     */
    public static <T> T run(Callable<T> main) throws Exception {
        return builder().run(main);
    }

    /** Options for a loop: debug mode and its thresholds. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options for one {@link Loop#run}. */
    public static final class Builder {
        private boolean debug = Boolean.getBoolean("lockstep.debug");
        private Duration slowTaskThreshold = Duration.ofMillis(100);
        private Duration deadlockTimeout = Duration.ofSeconds(1);
        private Consumer<DebugReport> onReport;
        private String mainName = "main";

        private Builder() {}

        /** Turns debug mode on or off (default: the system property {@code lockstep.debug}). */
        public Builder debug(boolean on) {
            this.debug = on;
            return this;
        }

        /** How long a task may keep the carrier without blocking before debug mode reports it (default 100 ms). */
        public Builder slowTaskThreshold(Duration threshold) {
            this.slowTaskThreshold = Names.requirePositive("Loop.Builder", "slowTaskThreshold", threshold);
            return this;
        }

        /**
         * How long every task may wait before debug mode reports a stall (default 1 s). A certain deadlock is reported
         * as soon as the loop goes idle.
         */
        public Builder deadlockTimeout(Duration timeout) {
            this.deadlockTimeout = Names.requirePositive("Loop.Builder", "deadlockTimeout", timeout);
            return this;
        }

        /**
         * Also hands every debug report to {@code listener} (on the loop's carrier or its watchdog thread), for tests
         * and tools; reports are logged either way.
         */
        public Builder onReport(Consumer<DebugReport> listener) {
            this.onReport = Objects.requireNonNull(listener, "Loop.Builder: onReport listener must not be null");
            return this;
        }

        /** The name of the virtual thread that runs {@code main} (default {@code "main"}). */
        public Builder mainName(String name) {
            this.mainName = Objects.requireNonNull(name, "Loop.Builder: mainName must not be null");
            return this;
        }

        /**
         * Runs {@code main} on a new loop with these options.
         *
         * @throws Exception whatever {@code main} throws
         * @throws DeadlockException in debug mode, if the loop's tasks deadlock
         */
        public <T> T run(Callable<T> main) throws Exception {
            Objects.requireNonNull(main, "Loop.run: main must not be null");
            LoopScheduler scheduler;
            if (debug) {
                Hooks.arm();
                scheduler = new DebugLoopScheduler(slowTaskThreshold.toNanos(), deadlockTimeout.toNanos(), onReport);
            } else {
                VThreads.requireAccess();
                scheduler = new LoopScheduler();
            }
            FutureTask<T> result = new FutureTask<>(main);
            Thread root = VThreads.builder(scheduler).name(mainName).unstarted(result);
            // The caller's cancellation cancels main, and the loop winds down before the caller returns.
            Carriers.lend("lockstep-loop", () -> {
                scheduler.run(root, result);
                return null;
            }, root::interrupt);
            try {
                return result.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
    }
}
