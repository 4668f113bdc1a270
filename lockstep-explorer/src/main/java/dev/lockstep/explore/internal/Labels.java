package dev.lockstep.explore.internal;

import dev.lockstep.internal.WaitFor;
import java.util.IdentityHashMap;

/**
 * How one run names the primitives it shows: by their own name, or, for an unnamed one, by its kind and a number in
 * order of first appearance in the run ({@code ReentrantLock#1}), so that a run and its replay read the same.
 */
final class Labels {
    private final IdentityHashMap<Object, String> labels = new IdentityHashMap<>();

    /** The label of {@code primitive}; empty for none (null, or a class standing for a static operation). */
    String of(Object primitive) {
        if (primitive == null || primitive instanceof Class<?>) {
            return "";
        }
        String l = labels.get(primitive);
        if (l == null) {
            l = WaitFor.label(primitive, p -> "#" + (labels.size() + 1));
            labels.put(primitive, l);
        }
        return l;
    }
}
