package dev.lockstep.verify;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Invariant;
import dev.lockstep.explore.Strategy;
import dev.lockstep.sync.Barrier;
import dev.lockstep.sync.BoundedSemaphore;
import dev.lockstep.sync.Condition;
import dev.lockstep.sync.Event;
import dev.lockstep.sync.Mutex;
import dev.lockstep.sync.QueueShutdownException;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.sync.WorkQueue;
import dev.lockstep.task.Clock;
import dev.lockstep.task.Loop;
import dev.lockstep.task.Task;
import dev.lockstep.task.TaskGroup;
import dev.lockstep.task.Timeout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The table of bad input: every public method of the core and explorer APIs given bad arguments or called in the wrong
 * state, with the exception it must throw and its exact message. Each row is also a test: the call is made on a
 * thread named {@value #CALLER}, and the object's state (its {@code toString()}, which shows name, state and waiters)
 * must be the same before and after the refusal.
 */
public final class BadInputs {
    /** The name of the thread that makes every call, so that messages naming the caller are stable. */
    public static final String CALLER = "caller";

    private BadInputs() {}

    /** What happened when a row was tried. */
    public record Outcome(Throwable thrown, String before, String after) {}

    /** A call that must be refused. */
    public interface Attempt {
        Outcome run() throws Exception;
    }

    /**
     * One row of the table.
     *
     * @param api the class
     * @param call the call, as code
     * @param exception what it must throw
     * @param message the exact message
     * @param attempt makes the call on the caller thread and reports the state before and after
     */
    public record Row(String api, String call, Class<? extends Throwable> exception, String message,
            Attempt attempt) {}

    /** A call on {@code object} that must throw. */
    interface Call<T> {
        void on(T object) throws Exception;
    }

    /** A call with no object to watch (a constructor, a static method, a builder). */
    interface Static {
        void run() throws Exception;
    }

    static <T> Attempt on(Supplier<T> setup, Call<T> call) {
        return () -> {
            T object = setup.get();
            String before = String.valueOf(object);
            Throwable thrown = onCaller(() -> call.on(object));
            return new Outcome(thrown, before, String.valueOf(object));
        };
    }

    /** A call on a Mutex "m" that the caller holds; the state is compared from after its lock. */
    static Attempt owned(Call<Mutex> call) {
        return () -> {
            Mutex m = new Mutex("m");
            String[] before = new String[1];
            Throwable thrown = onCaller(() -> {
                m.lock();
                before[0] = m.toString();
                call.on(m);
            });
            return new Outcome(thrown, before[0], m.toString());
        };
    }

    static Attempt none(Static call) {
        return () -> new Outcome(onCaller(call::run), "", "");
    }

    /** Runs {@code call} on a platform thread named {@value #CALLER} and returns what it threw, or null. */
    static Throwable onCaller(Static call) throws InterruptedException {
        Throwable[] thrown = new Throwable[1];
        Thread t = Thread.ofPlatform().name(CALLER).start(() -> {
            try {
                call.run();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        t.join();
        return thrown[0];
    }

    /** Locks {@code m} on a thread named "owner" that then ends, so that another thread can try to unlock it. */
    static Mutex lockedByOwner(Mutex m) {
        Thread t = Thread.ofPlatform().name("owner").start(m::lock);
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    static <T> T prepared(T object, Function<T, T> prepare) {
        return prepare.apply(object);
    }

    /** Every row, grouped by class. */
    public static List<Row> rows() {
        List<Row> r = new ArrayList<>();
        // Mutex and Condition
        r.add(new Row("Mutex", "new Mutex(null)", NullPointerException.class, "Mutex: name must not be null",
                none(() -> new Mutex(null))));
        r.add(new Row("Mutex", "tryLock((Duration) null)", NullPointerException.class,
                "Mutex \"m\": tryLock timeout must not be null",
                on(() -> new Mutex("m"), m -> m.tryLock((Duration) null))));
        r.add(new Row("Mutex", "tryLock(1, null)", NullPointerException.class,
                "Mutex \"m\": tryLock unit must not be null", on(() -> new Mutex("m"), m -> m.tryLock(1, null))));
        r.add(new Row("Mutex", "lock() by the owner", IllegalStateException.class,
                "Mutex \"m\": lock() by caller, which already holds it; a Mutex is not reentrant, so this would"
                        + " deadlock",
                owned(Mutex::lock)));
        r.add(new Row("Mutex", "tryLock() by the owner", IllegalStateException.class,
                "Mutex \"m\": tryLock() by caller, which already holds it; a Mutex is not reentrant, so this would"
                        + " deadlock",
                owned(Mutex::tryLock)));
        r.add(new Row("Mutex", "unlock() by a thread that does not hold it", IllegalMonitorStateException.class,
                "Mutex \"m\": unlock() by caller, which does not hold it (held by owner)",
                on(() -> lockedByOwner(new Mutex("m")), Mutex::unlock)));
        r.add(new Row("Mutex", "unlock() when unlocked", IllegalMonitorStateException.class,
                "Mutex \"m\": unlock() by caller, which does not hold it (not locked)",
                on(() -> new Mutex("m"), Mutex::unlock)));
        r.add(new Row("Condition", "await() without the mutex", IllegalMonitorStateException.class,
                "Condition \"c\": await() by caller, which does not hold Mutex \"m\" (not locked)",
                on(() -> new Mutex("m").newCondition("c"), Condition::await)));
        r.add(new Row("Condition", "signal() without the mutex", IllegalMonitorStateException.class,
                "Condition \"c\": signal() by caller, which does not hold Mutex \"m\" (held by owner)",
                on(() -> lockedByOwner(new Mutex("m")).newCondition("c"), Condition::signal)));
        r.add(new Row("Condition", "signalAll() without the mutex", IllegalMonitorStateException.class,
                "Condition \"c\": signalAll() by caller, which does not hold Mutex \"m\" (not locked)",
                on(() -> new Mutex("m").newCondition("c"), Condition::signalAll)));
        r.add(new Row("Condition", "awaitUntil((BooleanSupplier) null)", NullPointerException.class,
                "Condition \"c\": awaitUntil predicate must not be null",
                on(() -> new Mutex("m").newCondition("c"), c -> c.awaitUntil((java.util.function.BooleanSupplier) null))));
        r.add(new Row("Condition", "awaitUntil(predicate, null)", NullPointerException.class,
                "Condition \"c\": awaitUntil timeout must not be null",
                on(() -> new Mutex("m").newCondition("c"), c -> c.awaitUntil(() -> true, null))));
        r.add(new Row("Condition", "await(1, null)", NullPointerException.class,
                "Condition \"c\": await unit must not be null",
                on(() -> new Mutex("m").newCondition("c"), c -> c.await(1, null))));
        // Semaphore and BoundedSemaphore
        r.add(new Row("Semaphore", "new Semaphore(-1)", IllegalArgumentException.class,
                "Semaphore: permits must be >= 0, got -1", none(() -> new Semaphore(-1))));
        r.add(new Row("Semaphore", "new Semaphore(\"api\", -1)", IllegalArgumentException.class,
                "Semaphore \"api\": permits must be >= 0, got -1", none(() -> new Semaphore("api", -1))));
        r.add(new Row("Semaphore", "new Semaphore(null, 1)", NullPointerException.class,
                "Semaphore: name must not be null", none(() -> new Semaphore(null, 1))));
        r.add(new Row("Semaphore", "tryAcquire(null)", NullPointerException.class,
                "Semaphore \"api\": tryAcquire timeout must not be null",
                on(() -> new Semaphore("api", 1), s -> s.tryAcquire(null))));
        r.add(new Row("Semaphore", "release() at Integer.MAX_VALUE permits", IllegalStateException.class,
                "Semaphore \"api\": release() would overflow the permit count",
                on(() -> new Semaphore("api", Integer.MAX_VALUE), Semaphore::release)));
        r.add(new Row("BoundedSemaphore", "new BoundedSemaphore(\"pool\", -1)", IllegalArgumentException.class,
                "BoundedSemaphore \"pool\": permits must be >= 0, got -1",
                none(() -> new BoundedSemaphore("pool", -1))));
        r.add(new Row("BoundedSemaphore", "release() with every permit in", IllegalStateException.class,
                "BoundedSemaphore \"pool\": release() would raise the permits above the initial 2 (more releases"
                        + " than acquires)",
                on(() -> new BoundedSemaphore("pool", 2), BoundedSemaphore::release)));
        // Event
        r.add(new Row("Event", "new Event(null)", NullPointerException.class, "Event: name must not be null",
                none(() -> new Event(null))));
        r.add(new Row("Event", "await(null)", NullPointerException.class,
                "Event \"ready\": await timeout must not be null", on(() -> new Event("ready"), e -> e.await(null))));
        // Barrier
        r.add(new Row("Barrier", "new Barrier(0)", IllegalArgumentException.class,
                "Barrier: parties must be >= 1, got 0", none(() -> new Barrier(0))));
        r.add(new Row("Barrier", "new Barrier(\"round\", -1)", IllegalArgumentException.class,
                "Barrier \"round\": parties must be >= 1, got -1", none(() -> new Barrier("round", -1))));
        r.add(new Row("Barrier", "await() after abort()", BrokenBarrierException.class,
                "Barrier \"round\" is broken (reset or aborted)",
                on(() -> prepared(new Barrier("round", 2), b -> {
                    b.abort();
                    return b;
                }), Barrier::await)));
        r.add(new Row("Barrier", "await(null)", NullPointerException.class,
                "Barrier \"round\": await timeout must not be null",
                on(() -> new Barrier("round", 2), b -> b.await(null))));
        // WorkQueue
        r.add(new Row("WorkQueue", "WorkQueue.fifo(0)", IllegalArgumentException.class,
                "WorkQueue: capacity must be >= 1, got 0", none(() -> WorkQueue.fifo(0))));
        r.add(new Row("WorkQueue", "WorkQueue.lifo(-1)", IllegalArgumentException.class,
                "WorkQueue: capacity must be >= 1, got -1", none(() -> WorkQueue.lifo(-1))));
        r.add(new Row("WorkQueue", "WorkQueue.priority(null)", NullPointerException.class,
                "WorkQueue: priority order must not be null", none(() -> WorkQueue.priority(null))));
        r.add(new Row("WorkQueue", "named(null)", NullPointerException.class, "WorkQueue: name must not be null",
                on(WorkQueue::fifo, q -> q.named(null))));
        r.add(new Row("WorkQueue", "put(null)", NullPointerException.class,
                "WorkQueue \"jobs\": put element must not be null", on(BadInputs::jobs, q -> q.put(null))));
        r.add(new Row("WorkQueue", "offer(null)", NullPointerException.class,
                "WorkQueue \"jobs\": offer element must not be null", on(BadInputs::jobs, q -> q.offer(null))));
        r.add(new Row("WorkQueue", "offer(e, null)", NullPointerException.class,
                "WorkQueue \"jobs\": offer timeout must not be null", on(BadInputs::jobs, q -> q.offer("e", null))));
        r.add(new Row("WorkQueue", "poll(null)", NullPointerException.class,
                "WorkQueue \"jobs\": poll timeout must not be null", on(BadInputs::jobs, q -> q.poll(null))));
        r.add(new Row("WorkQueue", "join(null)", NullPointerException.class,
                "WorkQueue \"jobs\": join timeout must not be null", on(BadInputs::jobs, q -> q.join(null))));
        r.add(new Row("WorkQueue", "taskDone() more often than put", IllegalStateException.class,
                "WorkQueue \"jobs\": taskDone() called more often than items were put",
                on(BadInputs::jobs, WorkQueue::taskDone)));
        r.add(new Row("WorkQueue", "put(e) after shutdown()", QueueShutdownException.class,
                "WorkQueue \"jobs\": put() after shutdown", on(BadInputs::shutDownJobs, q -> q.put("e"))));
        r.add(new Row("WorkQueue", "offer(e) after shutdown()", QueueShutdownException.class,
                "WorkQueue \"jobs\": offer() after shutdown", on(BadInputs::shutDownJobs, q -> q.offer("e"))));
        r.add(new Row("WorkQueue", "take() after shutdown(), empty", QueueShutdownException.class,
                "WorkQueue \"jobs\": take() after shutdown (and the queue is empty)",
                on(BadInputs::shutDownJobs, WorkQueue::take)));
        r.add(new Row("WorkQueue", "poll() after shutdown(), empty", QueueShutdownException.class,
                "WorkQueue \"jobs\": poll() after shutdown (and the queue is empty)",
                on(BadInputs::shutDownJobs, WorkQueue::poll)));
        // Runtime
        r.add(new Row("TaskGroup", "spawn(null, body)", NullPointerException.class,
                "TaskGroup: spawn name must not be null", on(TaskGroup::open, g -> g.spawn(null, () -> 1))));
        r.add(new Row("TaskGroup", "spawn(name, null)", NullPointerException.class,
                "TaskGroup: spawn body must not be null", on(TaskGroup::open, g -> g.spawn("t", null))));
        r.add(new Row("TaskGroup", "spawn after close()", IllegalStateException.class,
                "TaskGroup: spawn(\"late\") after close()", on(BadInputs::closedGroup, g -> g.spawn("late", () -> 1))));
        r.add(new Row("TaskGroup", "close() by a thread other than the owner", IllegalStateException.class,
                "TaskGroup: close() by caller, but only its owner owner may close it",
                on(BadInputs::groupOfOwner, TaskGroup::close)));
        r.add(new Row("Task", "join(null)", NullPointerException.class,
                "Task \"t\": join timeout must not be null", on(BadInputs::doneTask, t -> t.join(null))));
        r.add(new Row("Loop", "Loop.run(null)", NullPointerException.class, "Loop.run: main must not be null",
                none(() -> Loop.run(null))));
        r.add(new Row("Loop", "builder().slowTaskThreshold(Duration.ZERO)", IllegalArgumentException.class,
                "Loop.Builder: slowTaskThreshold must be positive, got PT0S",
                none(() -> Loop.builder().slowTaskThreshold(Duration.ZERO))));
        r.add(new Row("Loop", "builder().deadlockTimeout(null)", NullPointerException.class,
                "Loop.Builder: deadlockTimeout must not be null", none(() -> Loop.builder().deadlockTimeout(null))));
        r.add(new Row("Loop", "builder().onReport(null)", NullPointerException.class,
                "Loop.Builder: onReport listener must not be null", none(() -> Loop.builder().onReport(null))));
        r.add(new Row("Timeout", "Timeout.call(null, body)", NullPointerException.class,
                "Timeout: timeout must not be null", none(() -> Timeout.call(null, () -> 1))));
        r.add(new Row("Timeout", "Timeout.call(timeout, null)", NullPointerException.class,
                "Timeout: body must not be null",
                none(() -> Timeout.call(Duration.ZERO, (Timeout.Body<Object, RuntimeException>) null))));
        r.add(new Row("Clock", "Clock.sleep(null)", NullPointerException.class,
                "Clock.sleep: duration must not be null", none(() -> Clock.sleep(null))));
        // Explorer
        r.add(new Row("Explorer.Builder", "iterations(0)", IllegalArgumentException.class,
                "Explorer.Builder: iterations must be >= 1, got 0", none(() -> Explorer.builder().iterations(0))));
        r.add(new Row("Explorer.Builder", "maxSteps(0)", IllegalArgumentException.class,
                "Explorer.Builder: maxSteps must be >= 1, got 0", none(() -> Explorer.builder().maxSteps(0))));
        r.add(new Row("Explorer.Builder", "timeLimit(Duration.ZERO)", IllegalArgumentException.class,
                "Explorer.Builder: timeLimit must be positive, got PT0S",
                none(() -> Explorer.builder().timeLimit(Duration.ZERO))));
        r.add(new Row("Explorer.Builder", "strategy(null)", NullPointerException.class,
                "Explorer.Builder: strategy must not be null", none(() -> Explorer.builder().strategy(null))));
        r.add(new Row("Strategy", "Strategy.pct(0)", IllegalArgumentException.class,
                "Strategy.pct: depth must be >= 1, got 0", none(() -> Strategy.pct(0))));
        r.add(new Row("Strategy", "Strategy.dfs(-1)", IllegalArgumentException.class,
                "Strategy.dfs: maxPreemptions must be >= 0, got -1", none(() -> Strategy.dfs(-1))));
        r.add(new Row("Explorer", "explore(null)", NullPointerException.class,
                "Explorer.explore: scenario must not be null", none(() -> Explorer.builder().build().explore(null))));
        r.add(new Row("Explorer", "replay(scenario, null)", NullPointerException.class,
                "Explorer.replay: schedule must not be null",
                none(() -> Explorer.builder().build().replay(() -> { }, null))));
        r.add(new Row("Explorer", "replay(scenario, \"0,1\")", IllegalArgumentException.class,
                "not a Lockstep schedule (it must start with \"1:\"): \"0,1\"",
                none(() -> Explorer.builder().build().replay(() -> { }, "0,1"))));
        r.add(new Row("Explorer", "replay(scenario, \"1:0.x\")", IllegalArgumentException.class,
                "not a Lockstep schedule: bad entry \"x\" in \"1:0.x\"",
                none(() -> Explorer.builder().build().replay(() -> { }, "1:0.x"))));
        r.add(new Row("Invariant", "Invariant.always(null, condition)", NullPointerException.class,
                "Invariant.always: name must not be null", none(() -> Invariant.always(null, () -> true))));
        return r;
    }

    private static WorkQueue<String> jobs() {
        return WorkQueue.<String>fifo(4).named("jobs");
    }

    private static WorkQueue<String> shutDownJobs() {
        WorkQueue<String> q = jobs();
        q.shutdown();
        return q;
    }

    private static TaskGroup closedGroup() {
        TaskGroup g = TaskGroup.open();
        g.close();
        return g;
    }

    private static TaskGroup groupOfOwner() {
        TaskGroup[] g = new TaskGroup[1];
        Thread t = Thread.ofPlatform().name("owner").start(() -> g[0] = TaskGroup.open());
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return g[0];
    }

    private static Task<Integer> doneTask() {
        try (TaskGroup g = TaskGroup.open()) {
            Task<Integer> t = g.spawn("t", () -> 1);
            try {
                t.join();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return t;
        }
    }
}
