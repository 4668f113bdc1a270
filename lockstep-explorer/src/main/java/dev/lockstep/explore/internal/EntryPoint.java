package dev.lockstep.explore.internal;

import java.util.Optional;

/**
 * Where a scenario's own code starts, for {@link Unseen}: the method of {@link #source} lowest on the stack of the
 * scenario's first task, taken once per exploration from that task's stack when it first calls into Lockstep (starts
 * a task, or reaches a hook). A lambda's body is a method of the class that wrote it, and a test method is a method of
 * its test class, so the search starts there and not in every method of the class.
 */
final class EntryPoint {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final Class<?> source;
    private volatile String method;

    EntryPoint(Class<?> source) {
        this.source = source;
    }

    Class<?> source() {
        return source;
    }

    /** Called on the scenario's first task: remembers its entry method the first time. */
    void capture() {
        if (method == null) {
            Optional<String> found = WALKER.walk(frames -> frames.filter(f -> f.getDeclaringClass() == source)
                    .reduce((upper, lower) -> lower).map(StackWalker.StackFrame::getMethodName));
            found.ifPresent(m -> method = m);
        }
    }

    /** The entry method's name, or null if the scenario never called into Lockstep from its first task. */
    String method() {
        return method;
    }
}
