package dev.lockstep.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A lease of a RedisMutex or a permit of a RedisSemaphore: renewed every third of its length on the client's renewal
 * thread until closed; lost when the server no longer has it, or when renewals fail for a whole lease length.
 */
final class LeaseImpl implements Lease {
    private static final Logger LOG = Logger.getLogger("dev.lockstep.redis");

    /** What a lease does on the server. */
    interface Ops {
        /** 1 if renewed, 0 if the server no longer has it. */
        long renew(String id);

        /** 1 if released, 0 if the server no longer had it. */
        long release(String id);

        String describe();
    }

    private final Ops ops;
    private final String id;
    private final long token;
    private final long leaseNanos;
    private final ScheduledFuture<?> renewal;
    private final List<Runnable> onLost = new ArrayList<>();
    /**
     * When the command that last gave or renewed the lease was sent: the server's lease started no earlier, so it
     * ends no earlier than this plus the lease. (Counting from the reply would trust the lease longer than the server
     * does, by as long as the reply took.)
     */
    private volatile long lastRenewed;
    private volatile boolean lost;
    private boolean closed; // guarded by this

    LeaseImpl(RedisLockstep redis, Ops ops, String id, Queueing.Grant grant) {
        this.ops = ops;
        this.id = id;
        this.token = grant.token();
        this.lastRenewed = grant.sentNanos();
        this.leaseNanos = redis.lease.toNanos();
        long period = Math.max(1, redis.lease.toMillis() / 3);
        this.renewal = redis.renewals().scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        if (lost) {
            return;
        }
        try {
            long sent = System.nanoTime();
            if (ops.renew(id) == 1) {
                lastRenewed = sent;
            } else {
                lose("the server no longer has it (it ran out, or was taken over)");
            }
        } catch (RuntimeException unreachable) {
            if (System.nanoTime() - lastRenewed > leaseNanos) {
                lose("it could not be renewed for a whole lease: " + unreachable.getMessage());
            }
        }
    }

    private void lose(String why) {
        List<Runnable> actions;
        synchronized (this) {
            if (lost || closed) {
                return; // a renewal that raced with close() finds the lease released: not a loss
            }
            lost = true;
            actions = List.copyOf(onLost);
        }
        renewal.cancel(false);
        LOG.log(Level.WARNING, ops.describe() + ": lease lost (fencing token " + token + "): " + why);
        for (Runnable a : actions) {
            runLost(a);
        }
    }

    /** Runs an onLost action on a thread of its own: a slow one must not hold up the renewals of other leases. */
    private static void runLost(Runnable a) {
        Thread.ofVirtual().name("lockstep-redis-onLost").start(() -> {
            try {
                a.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an onLost action failed", e);
            }
        });
    }

    @Override
    public long fencingToken() {
        return token;
    }

    @Override
    public boolean isValid() {
        synchronized (this) {
            if (lost || closed) {
                return false; // a released lease holds nothing any more
            }
        }
        // Past the lease since the last renewal was sent, the server may have given it to someone else already.
        return System.nanoTime() - lastRenewed < leaseNanos;
    }

    @Override
    public void onLost(Runnable action) {
        java.util.Objects.requireNonNull(action, "Lease: onLost action must not be null");
        synchronized (this) {
            if (!lost) {
                onLost.add(action);
                return;
            }
        }
        runLost(action);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        renewal.cancel(false);
        long released = ops.release(id);
        if (released == 0 || lost) {
            lost = true;
            throw new IllegalStateException(ops.describe() + ": the lease (fencing token " + token
                    + ") was lost before release; another holder may have used the resource meanwhile");
        }
    }

    @Override
    public String toString() {
        return "Lease of " + ops.describe() + " [token " + token + (lost ? ", lost" : closed ? ", released" : "")
                + "]";
    }
}
