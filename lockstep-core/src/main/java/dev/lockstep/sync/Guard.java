package dev.lockstep.sync;

/**
 * What {@link Mutex#acquire()} and {@link Semaphore#permit()} return: closing it gives back what was acquired, so a
 * try-with-resources block holds a lock or a permit for exactly its own extent.
 *
 * {@snippet :
 * try (Guard held = mutex.acquire()) {
 *     balance = balance - amount;       // nobody else is inside
 * }                                     // unlocked here, however the block ends
 * }
 *
 * <p>A second {@code close()} is a no-op, so an explicit early close followed by the block's own close is safe. Close a
 * guard on the thread that acquired it, as the primitive's own release rules require.
 */
public interface Guard extends AutoCloseable {
    /** Releases what was acquired; a second call does nothing. Never throws a checked exception. */
    @Override
    void close();
}
