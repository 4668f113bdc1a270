package dev.lockstep.explore.internal;

import dev.lockstep.explore.Failure;
import dev.lockstep.internal.Carriers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an exploration's workers on carriers of their own and watches them from the calling thread, so that {@code
 * explore} and {@code replay} always return: once the time limit has passed, a worker whose carrier is still inside
 * one step (a task that loops without a scheduling point, or that blocked while pinned to the carrier) is given up on.
 * Its run is marked over, so that its tasks unwind at their next hook if they ever reach one, and the exploration ends
 * with a STEP_LIMIT failure naming the task and where it was. The abandoned carrier belongs to nobody any more: the
 * next exploration has carriers and engines of its own.
 */
final class Supervisor {
    /** How long past the time limit a step may still run before its worker is given up on. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long deadline;
    private final Runnable tick;
    private final List<Thread> carriers = new ArrayList<>();
    private final List<Worker> workers = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private FailureImpl stuck;

    /** @param tick called about every 20 ms while waiting (progress reports) */
    Supervisor(long deadline, Runnable tick) {
        this.deadline = deadline;
        this.tick = tick;
    }

    /** Starts {@code work} for {@code worker} on a carrier of its own. */
    void start(String name, Worker worker, Runnable work) {
        Thread t = Carriers.newThread(name, true, () -> {
            try {
                work.run();
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        });
        carriers.add(t);
        workers.add(worker);
        t.start();
    }

    /**
     * Waits until every carrier has ended or been given up on; rethrows what a carrier threw.
     *
     * @param onStuck told the iteration of a worker given up on, to stop the others
     */
    void await(java.util.function.IntConsumer onStuck) {
        boolean interrupted = false;
        boolean[] givenUp = new boolean[carriers.size()];
        for (int k = 0; k < carriers.size(); k++) {
            Thread t = carriers.get(k);
            while (t.isAlive() && !givenUp[k]) {
                try {
                    t.join(20);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                tick.run();
                long now = System.nanoTime();
                if (now - deadline - GRACE_NANOS > 0) {
                    // Every worker, not only the one joined: this one may be waiting for another that is stuck (pct
                    // waits for earlier iterations' lengths), and it would wait forever.
                    for (int j = 0; j < carriers.size(); j++) {
                        TaskState task = givenUp[j] ? null : workers.get(j).heartbeat().stuckSince(now - GRACE_NANOS);
                        if (task != null) {
                            givenUp[j] = true;
                            giveUp(workers.get(j).heartbeat(), task, now);
                            onStuck.accept(workers.get(j).heartbeat().iteration());
                        }
                    }
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                Throwable e = failures.get(0);
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                if (e instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e);
            }
        }
    }

    /** The failure of a worker given up on, or null. */
    FailureImpl stuck() {
        return stuck;
    }

    private void giveUp(Heartbeat beat, TaskState task, long now) {
        Run run = beat.run();
        run.abandon();
        if (stuck != null) {
            return;
        }
        StringBuilder where = new StringBuilder();
        StackTraceElement[] frames = task.thread.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 8); i++) {
            where.append("\n    at ").append(frames[i]);
        }
        Schedule schedule = run.scheduleSoFar();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(now - deadline + GRACE_NANOS);
        String message = "task " + task.name + " ran on for " + Math.max(1, seconds) + " s past the time limit"
                + " without reaching a scheduling point: it loops without blocking (attach the Lockstep agent, and"
                + " its loops are preempted), or it blocked while pinned to the explorer's carrier (inside a class"
                + " initialiser, say)" + (where.isEmpty() ? "" : "; it was" + where);
        stuck = new FailureImpl(Failure.Kind.STEP_LIMIT, message, schedule.encode(), 0, beat.iteration(),
                new TraceImpl(List.of(), run.taskNames()), null, schedule.preemptions(), schedule.preemptions(),
                schedule.size(), schedule.size());
    }
}
