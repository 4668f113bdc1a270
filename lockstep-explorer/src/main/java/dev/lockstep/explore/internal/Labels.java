package dev.lockstep.explore.internal;

import dev.lockstep.internal.Blockers;
import dev.lockstep.internal.WaitFor;
import java.util.IdentityHashMap;

/**
 * How one run names the objects it shows: a Lockstep primitive by its own name, anything else (and an unnamed
 * primitive) by its kind and a number in order of first appearance in the run ({@code ReentrantLock#1}), so that a
 * run and its replay read the same.
 */
final class Labels {
    /** Created on first use: most runs name nothing (they are neither traced nor deadlocked). */
    private IdentityHashMap<Object, String> labels;

    /**
     * The label of an object the scenario synchronizes on or shares (a monitor, an array): always its kind and a
     * number ({@code Account#1}), never its own {@code toString}, which may print its whole state.
     */
    String ofObject(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Class<?> c) {
            return c.getSimpleName() + ".class";
        }
        if (labels == null) {
            labels = new IdentityHashMap<>();
        }
        String l = labels.get(o);
        if (l == null) {
            l = WaitFor.kind(o) + "#" + (labels.size() + 1);
            labels.put(o, l);
        }
        return l;
    }

    /** The label of {@code primitive}; empty for none (null, or a class standing for a static operation). */
    String of(Object primitive) {
        if (primitive == null || primitive instanceof Class<?>) {
            return "";
        }
        if (!Blockers.isLockstepWait(primitive)) {
            return ofObject(primitive);
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
