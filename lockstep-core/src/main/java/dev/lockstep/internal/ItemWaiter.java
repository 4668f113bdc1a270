package dev.lockstep.internal;

/**
 * A {@link Waiter} that is handed something with its turn, or brings something to it: the element a taker receives or a
 * putter waits to put, or a barrier's arrival index. Published to the waiter by the volatile {@link #status} write.
 */
public final class ItemWaiter extends Waiter {
    /** An element handed to a taker, or the element a putter waits to put. */
    public Object item;
    /** A barrier's arrival index. */
    public int index;

    public ItemWaiter(Thread thread) {
        super(thread);
    }

    public ItemWaiter(Thread thread, int status, Object item) {
        super(thread, status);
        this.item = item;
    }
}
