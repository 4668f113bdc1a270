package dev.lockstep.internal.hook;

import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A task handed to another thread (an executor's, a new thread's, a {@code CompletableFuture} stage), wrapped by the
 * agent so that the race detector sees the edges the JDK's own code makes invisibly: what the submitter did before
 * the hand-off happens before the task runs, and what the task did happens before a wait for its future returns
 * ({@link Instrumented#linked}). A one-shot task (a {@code Runnable}, {@code Callable} or {@code Supplier}) handed
 * off by an explored run is also counted in the run's {@link Pending}, so that a run waiting for a thread it does not
 * control is not called a deadlock while that thread still works for it. Made only while a race detector runs or an
 * explored task hands off; otherwise the task is passed on unwrapped.
 */
abstract sealed class Handoff {
    /** What the submitter and every run of the task release into and acquire from: the task itself, or shared. */
    private final Object key;
    /** The submitting run's count of hand-offs, or null if this one is not counted. */
    private final Pending pending;
    /** MADE, then OUTSIDE while a thread outside the run runs it, then SETTLED: counted down once. */
    private volatile int state;

    private static final int MADE = 0;
    private static final int OUTSIDE = 1;
    private static final int SETTLED = 2;
    private static final java.lang.invoke.VarHandle STATE;

    static {
        try {
            STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Handoff.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Handoff(RaceTracker submitter) {
        this(submitter, null, null);
    }

    Handoff(RaceTracker submitter, Pending pending) {
        this(submitter, null, pending);
    }

    Handoff(RaceTracker submitter, Object key, Pending pending) {
        this.key = key == null ? this : key;
        this.pending = pending;
        if (pending != null) {
            pending.queued.incrementAndGet();
        }
        if (submitter != null) {
            submitter.release(this.key);
        }
    }

    Object key() {
        return key;
    }

    /** Before the task's code, on the thread that runs it. */
    final void begin() {
        Pending p = pending;
        if (p != null && state == MADE && STATE.compareAndSet(this, MADE, OUTSIDE)) {
            p.queued.decrementAndGet();
            Probe here = Hooks.probe();
            if (here != null && here.handoffs() == p) {
                state = SETTLED; // one of the run's own threads runs it: the run sees it, nothing to wait for
            } else {
                p.outside.incrementAndGet();
            }
        }
        RaceTracker r = Instrumented.tracker();
        if (r != null) {
            r.acquire(key);
        }
    }

    /** After the task's code, however it ended. */
    final void end() {
        RaceTracker r = Instrumented.tracker();
        if (r != null) {
            r.release(key);
        }
        Pending p = pending;
        if (p != null && state == OUTSIDE && STATE.compareAndSet(this, OUTSIDE, SETTLED)) {
            p.outside.decrementAndGet();
        }
    }

    /** The wrapper behind {@code callback}, if it is one. */
    static Handoff of(Object callback) {
        if (callback instanceof Handoff h) {
            return h;
        }
        if (callback != null && java.lang.reflect.Proxy.isProxyClass(callback.getClass())
                && java.lang.reflect.Proxy.getInvocationHandler(callback) instanceof OfProxy p) {
            return p;
        }
        return null;
    }

    /** A proxy of {@code type} (a functional interface) that calls {@code callback} between begin and end. */
    static Object proxy(RaceTracker r, Object callback, Class<?> type, Object key) {
        OfProxy h = new OfProxy(r, callback, key);
        return java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    /** The handler of {@link #proxy}: the interface's abstract method runs ordered; Object's methods pass through. */
    static final class OfProxy extends Handoff implements java.lang.reflect.InvocationHandler {
        private final Object callback;

        OfProxy(RaceTracker r, Object callback, Object key) {
            super(r, key, null);
            this.callback = callback;
        }

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> callback.toString();
                };
            }
            if (m.isDefault()) {
                return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
            }
            begin();
            try {
                return m.invoke(callback, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            } finally {
                end();
            }
        }
    }

    static final class OfRunnable extends Handoff implements Runnable {
        private final Runnable task;

        OfRunnable(RaceTracker r, Pending p, Runnable task) {
            super(r, p);
            this.task = task;
        }

        @Override
        public void run() {
            begin();
            try {
                task.run();
            } finally {
                end();
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    static final class OfCallable extends Handoff implements Callable<Object> {
        private final Callable<?> task;

        OfCallable(RaceTracker r, Pending p, Callable<?> task) {
            super(r, p);
            this.task = task;
        }

        @Override
        public Object call() throws Exception {
            begin();
            try {
                return task.call();
            } finally {
                end();
            }
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    static final class OfSupplier extends Handoff implements Supplier<Object> {
        private final Supplier<?> task;

        OfSupplier(RaceTracker r, Pending p, Supplier<?> task) {
            super(r, p);
            this.task = task;
        }

        @Override
        public Object get() {
            begin();
            try {
                return task.get();
            } finally {
                end();
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class OfFunction extends Handoff implements Function<Object, Object> {
        private final Function task;

        OfFunction(RaceTracker r, Function<?, ?> task) {
            super(r);
            this.task = task;
        }

        @Override
        public Object apply(Object t) {
            begin();
            try {
                return task.apply(t);
            } finally {
                end();
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class OfConsumer extends Handoff implements Consumer<Object> {
        private final Consumer task;

        OfConsumer(RaceTracker r, Consumer<?> task) {
            super(r);
            this.task = task;
        }

        @Override
        public void accept(Object t) {
            begin();
            try {
                task.accept(t);
            } finally {
                end();
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class OfBiFunction extends Handoff implements BiFunction<Object, Object, Object> {
        private final BiFunction task;

        OfBiFunction(RaceTracker r, BiFunction<?, ?, ?> task) {
            super(r);
            this.task = task;
        }

        @Override
        public Object apply(Object t, Object u) {
            begin();
            try {
                return task.apply(t, u);
            } finally {
                end();
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class OfBiConsumer extends Handoff implements BiConsumer<Object, Object> {
        private final BiConsumer task;

        OfBiConsumer(RaceTracker r, BiConsumer<?, ?> task) {
            super(r);
            this.task = task;
        }

        @Override
        public void accept(Object t, Object u) {
            begin();
            try {
                task.accept(t, u);
            } finally {
                end();
            }
        }
    }
}
