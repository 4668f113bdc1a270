package dev.lockstep.internal.hook;

/**
 * What a race detector hears, for the calling thread: the accesses of instrumented code and every synchronization
 * that orders them. The explorer keeps one per run (on its single running task); the agent's {@code races} option
 * keeps one for the whole JVM. Every method is called before the operation it reports completes, on the thread that
 * performs it.
 */
public interface RaceTracker {
    /** A plain read or write of a field ({@code index} -1) or of an array element. */
    void access(Object owner, int index, String site, boolean write);

    /** A read (an acquire) or a write (a release) of a volatile field. */
    void volatileAccess(Object owner, String site, boolean write);

    /** What the calling thread did so far happens before the next acquire of {@code sync}. */
    void release(Object sync);

    /** The calling thread has acquired {@code sync}, now. */
    void acquire(Object sync);

    /** The call the calling thread is about to make acquires {@code sync}: it counts from the thread's next event. */
    void acquireLater(Object sync);

    /** The calling thread returned from joining {@code thread}, which ended. */
    void joined(Thread thread);

    /** Every release into {@code from}, past and future, also releases into {@code into}. */
    void forward(Object from, Object into);

    /** The object that stands for {@code executor}'s termination: its tasks forward into it, awaiting acquires it. */
    Object termination(Object executor);

    /** An acquire of {@code result} (a future a call returned) also acquires what {@code token} released. */
    void link(Object result, Object token);
}
