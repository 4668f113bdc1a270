package dev.lockstep.redis;

import dev.lockstep.redis.internal.Notifier;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The waiting of a RedisMutex or RedisSemaphore acquisition, written once: try; if refused, wait for a release message
 * addressed to this acquisition (a release wakes only the waiter at the head of the queue) or for everyone, or for the
 * hint the server gave (when the current holder's lease ends), refreshing the place in the FIFO queue at
 * least every third of its time-to-live; leave the queue on timeout, interrupt or failure.
 */
final class Queueing {
    private Queueing() {}

    /** A waiter that stops refreshing its place (its process died) loses it after this long. */
    static final long QUEUE_TTL_MS = 3_000;

    /** One attempt: {1, token} granted; {0, hint ms or negative} refused; anything else is the caller's error. */
    interface Attempt {
        List<Object> run(String id, boolean enqueue);
    }

    /** A grant: its fencing token, and when (System.nanoTime) the attempt that got it was sent. */
    record Grant(long token, long sentNanos) {}

    /**
     * Acquires, waiting at most {@code nanos} ({@code < 0}: without limit; 0: one attempt without queueing).
     *
     * <p>An attempt that fails on the way (Redis stalled past the command timeout, or the thread was interrupted) may
     * still run on the server later, and grant to nobody: {@code release} of the acquisition's id is then sent after
     * it, on the same connection (so Redis runs it after the attempt), from the renewal thread, until it is through.
     *
     * @return the grant, or null if the time ran out
     * @throws InterruptedException if interrupted, also in the middle of a command
     */
    static Grant acquire(RedisLockstep redis, String channel, String id, long nanos, Attempt attempt, Runnable leave,
            Runnable release) throws InterruptedException {
        try {
            return acquire(redis, channel, id, nanos, attempt, leave);
        } catch (RuntimeException e) {
            if (!(e instanceof IllegalArgumentException)) {
                redis.cleanUp(release);
            }
            if (interrupted(e)) {
                InterruptedException ie = new InterruptedException("interrupted while acquiring: " + e.getMessage());
                ie.initCause(e);
                throw ie;
            }
            throw e;
        }
    }

    /** Whether {@code e} is Lettuce telling that the thread was interrupted in a command. */
    static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.lettuce.core.RedisCommandInterruptedException) {
                Thread.interrupted(); // the exception reports it; the status is cleared, as InterruptedException's is
                return true;
            }
        }
        return false;
    }

    private static Grant acquire(RedisLockstep redis, String channel, String id, long nanos, Attempt attempt,
            Runnable leave) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before acquiring");
        }
        long deadline = nanos < 0 ? Long.MAX_VALUE : System.nanoTime() + nanos;
        boolean queued = false;
        try {
            for (;;) {
                Notifier.Mark mark = redis.notifier().mark(channel, id);
                long sent = System.nanoTime();
                List<Object> r = attempt.run(id, nanos != 0);
                queued = nanos != 0;
                long status = (Long) r.get(0);
                if (status == 1) {
                    queued = false;
                    return new Grant((Long) r.get(1), sent);
                }
                long remaining = nanos < 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (remaining <= 0) {
                    return null;
                }
                long hint = (Long) r.get(1);
                long slice = Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(QUEUE_TTL_MS / 3));
                if (hint >= 0) {
                    slice = Math.min(slice, TimeUnit.MILLISECONDS.toNanos(hint + 1));
                }
                redis.notifier().await(mark, slice);
            }
        } finally {
            redis.notifier().forget(channel, id);
            if (queued) {
                try {
                    leave.run();
                } catch (RuntimeException ignored) {
                    // the place expires on its own after QUEUE_TTL_MS
                }
            }
        }
    }

    /**
     * A caller's timeout as the waits here take it: 0 for zero or negative, -1 (no limit) for one too long to add to
     * {@code System.nanoTime()} (Duration allows far more than a long holds in nanoseconds), else its nanoseconds.
     */
    static long waitNanos(java.time.Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            return 0;
        }
        if (timeout.compareTo(java.time.Duration.ofDays(365L * 100)) > 0) {
            return -1;
        }
        return timeout.toNanos();
    }
}
