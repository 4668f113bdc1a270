package dev.lockstep.explore.internal;

import dev.lockstep.internal.WaitFor;
import java.util.IdentityHashMap;

/**
 * How one run names the primitives it shows: by their own name, or, for an unnamed one, by its kind and a number in
 * order of first appearance in the run ({@code ReentrantLock#1}), so that a run and its replay read the same.
 */
final class Labels {
    /** Created on first use: most runs name nothing (they are neither traced nor deadlocked). */
    private IdentityHashMap<Object, String> labels;

    /** The label of {@code primitive}; empty for none (null, or a class standing for a static operation). */
    String of(Object primitive) {
        if (primitive == null || primitive instanceof Class<?>) {
            return "";
        }
        if (labels == null) {
            labels = new IdentityHashMap<>();
        }
        String l = labels.get(primitive);
        if (l == null) {
            IdentityHashMap<Object, String> known = labels;
            l = WaitFor.label(primitive, p -> "#" + (known.size() + 1));
            labels.put(primitive, l);
        }
        return l;
    }
}
