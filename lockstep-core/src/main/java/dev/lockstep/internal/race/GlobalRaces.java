package dev.lockstep.internal.race;

import dev.lockstep.internal.hook.RaceTracker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The race detector of a whole JVM, for the agent's {@code races} option: every thread of the program, on any
 * scheduler, parallel and unexplored, like ThreadSanitizer. Each race is reported once per pair of sites, as it
 * happens, on the given stream, in the explorer's words; {@link #races()} lists them.
 *
 * <p>One lock guards the detector: simple and correct; the cost is measured in docs/BENCHMARKS.md.
 */
public final class GlobalRaces implements RaceTracker {
    private final Detector detector = new Detector(true);
    private final ThreadLocal<Detector.Task> mine = new ThreadLocal<>();
    /** Each thread's task, so that a join can read the clock of the thread it joined. */
    private final WeakIdentityMap<Detector.Task> byThread = new WeakIdentityMap<>(true);
    private final List<Race> found = new ArrayList<>();
    private final PrintStream out;
    private int nextId;

    /** The JVM's detector, once the agent's races option made one. */
    private static volatile GlobalRaces current;

    public GlobalRaces(PrintStream out) {
        this.out = out;
        current = this;
    }

    /** The detector the agent's {@code races} option made in this JVM, or null. */
    public static GlobalRaces current() {
        try { // the hooks make it when they are first used; a caller may ask before
            Class.forName("dev.lockstep.internal.hook.Instrumented", true, GlobalRaces.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return current;
    }

    /** The races reported so far. */
    public synchronized List<Race> races() {
        return List.copyOf(found);
    }

    /** The calling thread's task; a thread seen for the first time acquires what its starter released to it. */
    private Detector.Task me() {
        Detector.Task t = mine.get();
        if (t == null) {
            Thread self = Thread.currentThread();
            t = detector.task(nextId++, self.getName().isEmpty() ? "thread-" + self.threadId() : self.getName());
            mine.set(t);
            byThread.put(self, t);
            detector.acquire(t, self);
        }
        return t;
    }

    @Override
    public synchronized void access(Object owner, int index, String site, boolean write) {
        Race r = detector.access(me(), owner, index, site, write);
        if (r != null) {
            found.add(r);
            out.println("Lockstep: DATA_RACE " + r.text());
        }
    }

    @Override
    public synchronized void volatileAccess(Object owner, String site, boolean write) {
        detector.volatileAccess(me(), owner, site, write);
    }

    @Override
    public synchronized void release(Object sync) {
        detector.release(me(), sync);
    }

    @Override
    public synchronized void acquire(Object sync) {
        detector.acquire(me(), sync);
    }

    @Override
    public synchronized void acquireLater(Object sync) {
        detector.acquireLater(me(), sync);
    }

    @Override
    public synchronized void joined(Thread thread) {
        Detector.Task other = byThread.get(thread);
        if (other != null) {
            detector.joinTask(me(), other);
        }
    }

    @Override
    public synchronized Object termination(Object executor) {
        return detector.termination(executor);
    }

    @Override
    public synchronized void forward(Object from, Object into) {
        detector.forward(from, into);
    }

    @Override
    public synchronized void link(Object result, Object token) {
        detector.link(result, token);
    }
}
