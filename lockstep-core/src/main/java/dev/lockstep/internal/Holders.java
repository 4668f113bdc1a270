package dev.lockstep.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds what: the locks and permits each thread holds, as the hooks report them. The explorer and a {@code Loop}
 * in debug mode both keep one, for wait-for pictures, deadlock cycles and locks left held by a thread that ended.
 * Not thread-safe: both touch it from one carrier only.
 */
public final class Holders {
    /** The holders of each primitive, in the order they acquired it; a thread appears once per permit it holds. */
    private final IdentityHashMap<Object, List<Thread>> byPrimitive = new IdentityHashMap<>(8);

    /** {@code thread} now holds {@code primitive} (a lock, or one permit of it). */
    public void acquired(Object primitive, Thread thread) {
        byPrimitive.computeIfAbsent(primitive, k -> new ArrayList<>(2)).add(thread);
    }

    /**
     * {@code thread} gave back {@code primitive}: its own hold, or, if it holds none (a permit released by a thread
     * that did not take it), the oldest hold of someone else.
     */
    public void released(Object primitive, Thread thread) {
        List<Thread> list = byPrimitive.get(primitive);
        if (list != null && !list.remove(thread) && !list.isEmpty()) {
            list.remove(0);
        }
    }

    /** The holders of {@code primitive}, oldest first; empty if nobody holds it. */
    public List<Thread> of(Object primitive) {
        List<Thread> list = primitive == null ? null : byPrimitive.get(primitive);
        return list == null ? List.of() : list;
    }

    /** What {@code thread} holds, once per hold. */
    public List<Object> heldBy(Thread thread) {
        List<Object> out = new ArrayList<>();
        byPrimitive.forEach((p, list) -> {
            for (Thread t : list) {
                if (t == thread) {
                    out.add(p);
                }
            }
        });
        return out;
    }

    /** Forgets every hold of {@code thread} (it ended) and returns what it held. */
    public List<Object> forget(Thread thread) {
        List<Object> held = heldBy(thread);
        byPrimitive.values().forEach(list -> list.removeIf(t -> t == thread));
        return held;
    }

    /** A view for {@link WaitFor}: primitive to holders. */
    public Map<Object, List<Thread>> asMap() {
        return byPrimitive;
    }
}
