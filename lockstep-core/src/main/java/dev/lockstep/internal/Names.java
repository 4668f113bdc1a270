package dev.lockstep.internal;

/** How primitives and threads are named in messages and traces. */
public final class Names {
    private Names() {}

    /** What follows the kind of an unnamed primitive in its description, before its identity hash. */
    static final String UNNAMED = "@";

    /** {@code Mutex "account"}, or {@code Mutex@1b6d3586} when unnamed. */
    public static String describe(String kind, String name, Object self) {
        return name != null ? kind + " \"" + name + "\""
                : kind + UNNAMED + Integer.toHexString(System.identityHashCode(self));
    }

    /** A thread's name, or a stand-in that still tells threads apart when it has none (virtual threads often don't). */
    public static String thread(Thread t) {
        if (t == null) {
            return "nobody";
        }
        String n = t.getName();
        if (n != null && !n.isEmpty()) {
            return n;
        }
        return (t.isVirtual() ? "virtual#" : "thread#") + t.threadId();
    }

    /** Requires a positive duration for the option {@code what} of {@code owner}, with the messages every builder uses. */
    public static java.time.Duration requirePositive(String owner, String what, java.time.Duration d) {
        if (d == null) {
            throw new NullPointerException(owner + ": " + what + " must not be null");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(owner + ": " + what + " must be positive, got " + d);
        }
        return d;
    }

    /** Requires a non-null name argument, as every constructor that takes one does. */
    public static String requireName(String kind, String name) {
        if (name == null) {
            throw new NullPointerException(kind + ": name must not be null");
        }
        return name;
    }
}
