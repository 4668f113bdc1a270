package dev.lockstep.internal.race;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.function.Function;

/**
 * A map from objects, by identity, that does not keep its keys alive: the race detector's shadow of every object a
 * program touches must not outlive the object, or a long test run would hold everything it ever made. Not
 * thread-safe.
 */
final class WeakIdentityMap<V> {
    private final HashMap<Object, V> map = new HashMap<>();
    private final ReferenceQueue<Object> gone = new ReferenceQueue<>();
    /** Whether keys are held weakly; a detector that lives for one explored run holds them strongly, more cheaply. */
    private final boolean weak;

    WeakIdentityMap(boolean weak) {
        this.weak = weak;
    }

    V get(Object key) {
        expunge();
        return map.get(new Strong(key));
    }

    V computeIfAbsent(Object key, Function<Object, V> make) {
        expunge();
        V v = map.get(new Strong(key));
        if (v == null) {
            v = make.apply(key);
            map.put(weak ? new Ref(key, gone) : new Strong(key), v);
        }
        return v;
    }

    void put(Object key, V value) {
        expunge();
        map.put(weak ? new Ref(key, gone) : new Strong(key), value);
    }

    private void expunge() {
        if (weak) {
            for (Object r; (r = gone.poll()) != null; ) {
                map.remove(r);
            }
        }
    }

    /** What every key kind answers: the object it stands for, by identity. */
    private interface Key {
        Object referent();
    }

    private static boolean same(Key a, Object other) {
        if (a == other) {
            return true;
        }
        if (!(other instanceof Key k)) {
            return false;
        }
        Object x = a.referent();
        return x != null && x == k.referent();
    }

    private static final class Ref extends WeakReference<Object> implements Key {
        private final int hash;

        Ref(Object key, ReferenceQueue<Object> q) {
            super(key, q);
            hash = System.identityHashCode(key);
        }

        @Override
        public Object referent() {
            return get();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return same(this, o);
        }
    }

    /** A key held strongly: in a strong map, and to look any key up. */
    private record Strong(Object referent) implements Key {
        @Override
        public int hashCode() {
            return System.identityHashCode(referent);
        }

        @Override
        public boolean equals(Object o) {
            return same(this, o);
        }
    }
}
