package dev.lockstep.redis;

import dev.lockstep.sync.Guard;

/**
 * A hold on a {@link RedisMutex} or a permit of a {@link RedisSemaphore}, kept alive by renewal while this process
 * lives. Closing it releases what it holds; a second close does nothing.
 *
 * {@snippet :
 * try (Lease lease = account.acquire()) {
 *     storage.write(record, lease.fencingToken());   // storage rejects tokens older than the last it saw
 * }
 * }
 *
 * <p><b>A lease is not a proof of exclusion.</b> A process can pause (GC, a slow network) past the lease's end, while
 * another is granted the resource. The {@linkplain #fencingToken() fencing token} is how the protected resource tells
 * them apart: it strictly increases with every grant, so the resource can refuse a write with a token lower than one
 * it has already seen. When renewal fails (the server no longer has this lease, or cannot be reached before it runs
 * out), the lease is lost: {@link #isValid()} turns false and the {@link #onLost} actions run. It is never re-acquired
 * silently.
 */
public interface Lease extends Guard {
    /** The fencing token of this grant: strictly greater than the token of every earlier grant of the same resource. */
    long fencingToken();

    /**
     * Whether this process can be sure it still holds the lease: it is neither lost nor closed, and less than a lease
     * has passed since the last grant or renewal that succeeded was <em>sent</em> (the server started its lease no
     * earlier). So it turns false no later than the server could give the resource to someone else, also when the
     * link goes silent and renewals hang; it turns true again if a renewal that was slow to answer succeeds.
     */
    boolean isValid();

    /**
     * Runs {@code action} once, on a virtual thread of its own (a slow action holds up no renewal), if the lease is
     * lost; at once if it already is.
     */
    void onLost(Runnable action);

    /**
     * Releases the lease.
     *
     * @throws IllegalStateException if the lease was lost before this release: another holder may have used the
     *     resource meanwhile
     * @throws RedisUnavailableException if Redis cannot be reached (the lease then runs out on its own)
     */
    @Override
    void close();
}
