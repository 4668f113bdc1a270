package dev.lockstep.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The wait-for picture of a set of threads, as the Loop's debug mode and the explorer print it for a deadlock: each
 * thread, what it waits on, who holds that, and the cycle if there is one.
 *
 * <pre>
 *   left   waits for Mutex "b", held by right
 *   right  waits for Mutex "a", held by left
 *   cycle: left -&gt; Mutex "b" -&gt; right -&gt; Mutex "a" -&gt; left
 * </pre>
 */
public final class WaitFor {
    private final List<Thread> threads;
    private final Map<Object, List<Thread>> holders;
    private final Function<Thread, String> names;
    private final Function<Object, String> labels;
    private final Function<Thread, Object> blockerOf;

    /**
     * @param threads the threads to show, in the order to show them
     * @param holders who holds each primitive (locks and permits), as tracked through the hooks
     * @param names how to name a thread
     */
    public WaitFor(List<Thread> threads, Map<Object, List<Thread>> holders, Function<Thread, String> names) {
        this(threads, holders, names, WaitFor::label);
    }

    /** As above, with {@code labels} naming the primitives (the explorer numbers unnamed ones per run). */
    public WaitFor(List<Thread> threads, Map<Object, List<Thread>> holders, Function<Thread, String> names,
            Function<Object, String> labels) {
        this(threads, holders, names, labels, LockSupport::getBlocker);
    }

    /**
     * As above, with {@code blockerOf} telling what each thread waits for where its park blocker does not say it (a
     * JDK lock parks on its internal state; a monitor's waiter is in no park at all).
     */
    public WaitFor(List<Thread> threads, Map<Object, List<Thread>> holders, Function<Thread, String> names,
            Function<Object, String> labels, Function<Thread, Object> blockerOf) {
        this.threads = threads;
        this.holders = holders;
        this.names = names;
        this.labels = labels;
        this.blockerOf = blockerOf;
    }

    /** A wait-for cycle as "thread -> primitive -> thread ...", or null if there is none. */
    public List<String> cycle() {
        for (Thread start : threads) {
            List<String> path = new ArrayList<>();
            Map<Thread, Integer> seen = new LinkedHashMap<>();
            Thread t = start;
            while (t != null && !seen.containsKey(t)) {
                seen.put(t, path.size());
                path.add(names.apply(t));
                Object blocker = blockerOf.apply(t);
                List<Thread> hs = blocker == null ? null : holders.get(blocker);
                if (hs == null || hs.isEmpty()) {
                    t = null;
                } else {
                    path.add(labels.apply(blocker));
                    t = hs.get(0);
                }
            }
            if (t != null) {
                List<String> cycle = new ArrayList<>(path.subList(seen.get(t), path.size()));
                cycle.add(names.apply(t));
                return cycle;
            }
        }
        return null;
    }

    /** The picture under {@code headline}, one line per thread, then the cycle if any. */
    public String picture(String headline) {
        StringBuilder sb = new StringBuilder(headline).append('\n');
        int width = 4;
        for (Thread t : threads) {
            width = Math.max(width, names.apply(t).length());
        }
        for (Thread t : threads) {
            sb.append("  ").append(String.format("%-" + width + "s", names.apply(t))).append("  ");
            Thread joined = Blockers.joinTarget(t, threads);
            Object blocker = blockerOf.apply(t);
            sb.append(joined != null ? "joins " + names.apply(joined) : describe(t, labels, blocker));
            List<Thread> hs = blocker == null ? null : holders.get(blocker);
            if (hs != null && !hs.isEmpty()) {
                sb.append(", held by ");
                for (int i = 0; i < hs.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(names.apply(hs.get(i)));
                }
            }
            sb.append('\n');
        }
        List<String> cycle = cycle();
        if (cycle != null) {
            sb.append("  cycle: ").append(String.join(" -> ", cycle)).append('\n');
        }
        return sb.toString();
    }

    /** What {@code t} is doing, e.g. {@code waits for Mutex "a"}. */
    public static String describe(Thread t) {
        return describe(t, WaitFor::label);
    }

    /** What {@code t} is doing, naming primitives with {@code labels}. */
    public static String describe(Thread t, Function<Object, String> labels) {
        return describe(t, labels, LockSupport.getBlocker(t));
    }

    private static String describe(Thread t, Function<Object, String> labels, Object blocker) {
        return switch (t.getState()) {
            case WAITING -> "waits for " + (blocker == null ? "an unpark" : labels.apply(blocker));
            case TIMED_WAITING -> "waits with a timeout for " + (blocker == null ? "an unpark" : labels.apply(blocker));
            case BLOCKED -> "waits to enter a synchronized block";
            case RUNNABLE -> "is ready to run";
            default -> t.getState().toString().toLowerCase(Locale.ROOT);
        };
    }

    /** A primitive's own description without its bracketed state; JDK synchronizers by their class. */
    public static String label(Object blocker) {
        return label(blocker, o -> "@" + Integer.toHexString(System.identityHashCode(o)));
    }

    /**
     * As {@link #label(Object)}, but an object without a name of its own (an unnamed primitive, a JDK synchronizer)
     * is its kind followed by {@code serial}'s text for it instead of its identity hash: the explorer numbers them
     * by first appearance, so that a run and its replay name them alike ({@code ReentrantLock#1}).
     */
    public static String label(Object blocker, Function<Object, String> serial) {
        if (blocker == null) {
            return "nothing";
        }
        Class<?> type = blocker.getClass();
        if (Blockers.isLockstepWait(blocker)) {
            String s = String.valueOf(blocker);
            int bracket = s.indexOf(" [");
            String own = bracket > 0 ? s.substring(0, bracket) : s;
            int unnamed = own.indexOf(Names.UNNAMED);
            // Names.describe's unnamed form is one word, KIND@HASH; a named one quotes its name after a space.
            return unnamed > 0 && own.indexOf(' ') < 0 ? own.substring(0, unnamed) + serial.apply(blocker) : own;
        }
        if (isJdk(type) || !hasOwnToString(type)) {
            // A JDK object prints its identity hash: name the class a reader knows (a lock, not its internal Sync).
            return kind(blocker) + serial.apply(blocker);
        }
        String s = String.valueOf(blocker);
        int bracket = s.indexOf(" [");
        return bracket > 0 ? s.substring(0, bracket) : s;
    }

    /** The class a reader knows an object by: a lock rather than its internal Sync, a named class for an anonymous one. */
    public static String kind(Object o) {
        Class<?> type = o.getClass();
        Class<?> shown = AbstractQueuedSynchronizer.class.isAssignableFrom(type) && type.getEnclosingClass() != null
                ? type.getEnclosingClass() : type;
        if (shown.isHidden()) {
            // A lambda: its class's name carries an address that differs from JVM to JVM; name what it implements.
            Class<?>[] interfaces = shown.getInterfaces();
            return interfaces.length > 0 ? interfaces[0].getSimpleName() : "lambda";
        }
        while (shown.getSimpleName().isEmpty() && shown.getSuperclass() != null) {
            shown = shown.getSuperclass();
        }
        return shown.getSimpleName();
    }

    private static boolean isJdk(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    private static boolean hasOwnToString(Class<?> type) {
        try {
            return type.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
