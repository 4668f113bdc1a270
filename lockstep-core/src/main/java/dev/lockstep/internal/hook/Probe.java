package dev.lockstep.internal.hook;

/**
 * What a virtual-thread scheduler implements to watch Lockstep's primitives: the explorer (which makes every call a
 * scheduling point and keeps virtual time) and a {@code Loop} in debug mode (which tracks who holds what).
 *
 * <p>Every method is called on the thread that performs the operation, and only for threads whose scheduler is this
 * probe, except {@link #touchedFromOutside}. Defaults describe a probe that keeps real time and ignores everything.
 */
public interface Probe {

    /** The calling thread is about to perform {@code op} on {@code primitive}: a scheduling point under the explorer. */
    void point(Object primitive, Op op);

    /** {@code Checkpoint.yieldNow()}: let other ready tasks run first. The explorer makes it a scheduling point. */
    default void yieldNow() {
        Thread.yield();
    }

    /** A primitive was created by the calling thread. */
    default void created(Object primitive) {}

    /** The calling thread now holds {@code primitive} (a lock, or one permit of it). */
    default void acquired(Object primitive) {}

    /** The calling thread gave back what it held of {@code primitive}. */
    default void released(Object primitive) {}

    /** The calling thread handed {@code primitive} (or an item of it) directly to the waiting thread {@code to}. */
    default void handedOff(Object primitive, Thread to) {}

    /** A thread this probe does not schedule operated on a primitive that one of its threads created. */
    default void touchedFromOutside(Object primitive, Op op, Thread thread) {}

    /** This probe's clock; the explorer's is virtual. */
    default long nanoTime() {
        return System.nanoTime();
    }

    /**
     * Parks the calling thread for at most {@code nanos} of this probe's time.
     *
     * @return false if this probe keeps real time, in which case the caller parks as usual
     */
    default boolean parkNanos(Object blocker, long nanos) {
        return false;
    }

    /**
     * Runs {@code action} on the probe's own schedule once its clock reaches {@code deadline}.
     *
     * @return a handle whose {@code run()} cancels the timer, or null if this probe keeps real time
     */
    default Runnable schedule(long deadline, Runnable action) {
        return null;
    }

    /**
     * The calling thread is starting the platform thread {@code platform} (the agent asks, see {@link
     * PlatformThreads}): a probe that controls threads runs it on a stand-in of its own, registered with {@link
     * PlatformThreads#bind}, and returns true; the JDK then does not start it.
     */
    default boolean adopt(Thread platform) {
        return false;
    }

    /** The pool that takes the common pool's place for the calling thread, or null for the common pool itself. */
    default java.util.concurrent.ForkJoinPool commonPoolStandIn() {
        return null;
    }

    // ---- operations of code instrumented by the Lockstep agent (see Instrumented) --------------------------------

    /**
     * The calling thread is about to read or write a field ({@code index} -1; {@code owner} the object, or the class
     * of a static field) or an array element.
     */
    default void access(Object owner, int index, String site, boolean write) {}

    /** The calling thread is about to enter {@code monitor} (a {@code synchronized} block or method). */
    default void monitorEnter(Object monitor, String site) {}

    /** The calling thread is about to exit {@code monitor}. */
    default void monitorExit(Object monitor) {}

    /** The calling thread is about to call a method that may synchronize ({@code site} names it). */
    default void call(Object receiver, String site) {}

    /**
     * {@code o.wait(...)} by the calling thread, for at most {@code nanos} (0: no limit).
     *
     * @return false if this probe leaves the wait to the JDK, in which case the caller waits as usual
     */
    default boolean objectWait(Object o, long nanos) throws InterruptedException {
        return false;
    }

    /** {@code o.notify()} or {@code notifyAll()}; false if this probe leaves it to the JDK. */
    default boolean objectNotify(Object o, boolean all) {
        return false;
    }

    /** {@code t.interrupt()} by the calling thread; false if this probe leaves it to the JDK. */
    default boolean interrupt(Thread t) {
        return false;
    }

    /** Whether the wait the calling thread is about to begin returns at once, spuriously (opt-in under the explorer). */
    default boolean spuriousWakeup() {
        return false;
    }

    /** A loop's back edge in the calling thread. */
    default void backEdge() {}

    /**
     * Where the calling thread's run counts the tasks it hands to other threads, or null if this probe does not wait
     * for threads outside its control.
     */
    default Pending handoffs() {
        return null;
    }

    /** The race detector of this probe's threads, or null if it detects none. */
    default RaceTracker races() {
        return null;
    }
}
