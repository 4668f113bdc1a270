package dev.lockstep.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The threads of one test: spawned in the test's {@link Mode}, joined (and their failures rethrown) when the test ends.
 * {@link #until} orders the test by the primitives' own observable state (a thread is queued, a barrier has k
 * waiters), never by sleeping.
 */
public final class Env implements AutoCloseable {
    private final Mode mode;
    private final List<Spawned<?>> spawned = new ArrayList<>();

    Env(Mode mode) {
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    /** Starts {@code body} in a new thread of this mode, named {@code name}; its result is what join returns. */
    public <T> Spawned<T> call(String name, Callable<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable run = () -> {
            try {
                result.complete(body.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        };
        Thread t = mode == Mode.PLATFORM ? Thread.ofPlatform().name(name).start(run)
                : Thread.ofVirtual().name(name).start(run);
        Spawned<T> s = new Spawned<>(t, result);
        spawned.add(s);
        return s;
    }

    /** Starts a body that returns nothing. */
    public Spawned<Void> spawn(String name, Action body) {
        return call(name, () -> {
            body.run();
            return null;
        });
    }

    /** Waits (yielding, never sleeping) until {@code condition} holds; fails after 20 s. */
    public void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting until " + what);
            }
            Thread.yield();
        }
    }

    /** Waits until {@code t} is parked (waiting, with or without a timeout). */
    public void untilParked(Spawned<?> s) {
        until(() -> {
            Thread.State st = s.thread().getState();
            return st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING;
        }, s.thread().getName() + " is parked");
    }

    @Override
    public void close() throws Exception {
        for (Spawned<?> s : spawned) {
            s.closeJoin();
        }
    }

    /** A body without a result. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** A spawned thread and its outcome. Its failure is rethrown at close unless the test looked at it. */
    public static final class Spawned<T> {
        private final Thread thread;
        private final CompletableFuture<T> result;
        private volatile boolean observed;

        Spawned(Thread thread, CompletableFuture<T> result) {
            this.thread = thread;
            this.result = result;
        }

        public Thread thread() {
            return thread;
        }

        /** Waits for the thread and returns its result, rethrowing what it threw. */
        public T join() throws Exception {
            observed = true;
            return await();
        }

        private T await() throws Exception {
            try {
                return result.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) e.getCause();
            }
        }

        /** Waits for the thread and returns what it threw, failing if it returned normally. */
        public Throwable failure() throws Exception {
            observed = true;
            try {
                result.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            }
            throw new AssertionError(thread.getName() + " returned normally; expected it to throw");
        }

        public void interrupt() {
            thread.interrupt();
        }

        void closeJoin() throws Exception {
            if (observed) {
                result.handle((v, e) -> null).get(60, TimeUnit.SECONDS);
            } else {
                await();
            }
        }
    }
}
