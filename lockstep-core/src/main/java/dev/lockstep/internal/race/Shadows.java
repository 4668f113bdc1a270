package dev.lockstep.internal.race;

import java.lang.ref.WeakReference;

/**
 * The detector's shadow memory: one state per (object, field) or (array, index), found by identity in one
 * open-addressed table, so that an access costs a hash and a probe or two, with no allocation once its state exists.
 * Weak, it lets go of objects the program dropped: their entries are swept when the table would otherwise grow. Not
 * thread-safe.
 */
final class Shadows<V> {
    private final boolean weak;
    /** The owners (or weak references to them); null: a free slot. */
    private Object[] owners = new Object[1024];
    /** A field's member name (canonical, compared by identity), or null for an array element. */
    private String[] members = new String[1024];
    private int[] indexes = new int[1024];
    private Object[] values = new Object[1024];
    private int size;

    Shadows(boolean weak) {
        this.weak = weak;
    }

    interface Maker<V> {
        V make();
    }

    /** The state of {@code owner}'s {@code member} (canonical) or element {@code index}, made if absent. */
    @SuppressWarnings("unchecked")
    V get(Object owner, String member, int index, Maker<V> make) {
        int mask = owners.length - 1;
        int i = hash(owner, member, index) & mask;
        for (;;) {
            Object o = owners[i];
            if (o == null) {
                break;
            }
            if (members[i] == member && indexes[i] == index && referent(o) == owner) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
        V v = make.make();
        if ((size + 1) * 2 > owners.length) {
            rehash();
        }
        place(weak ? new WeakReference<>(owner) : owner, owner, member, index, v);
        return v;
    }

    /** Puts an entry in the first free slot of its probe sequence; {@code stored} is the owner or its reference. */
    private void place(Object stored, Object owner, String member, int index, Object value) {
        int mask = owners.length - 1;
        int i = hash(owner, member, index) & mask;
        while (owners[i] != null) {
            i = (i + 1) & mask;
        }
        owners[i] = stored;
        members[i] = member;
        indexes[i] = index;
        values[i] = value;
        size++;
    }

    private static Object referent(Object o) {
        return o instanceof WeakReference<?> w ? w.get() : o;
    }

    /** Mixed well: an array's elements are consecutive indexes, which must not land in consecutive slots. */
    private static int hash(Object owner, String member, int index) {
        int h = System.identityHashCode(owner) * 0x9E3779B9 ^ (member == null ? index : System.identityHashCode(member))
                * 0x85EBCA6B;
        h ^= h >>> 16;
        h *= 0x7FEB352D;
        h ^= h >>> 15;
        return h;
    }

    /** Sweeps dropped owners, and doubles the table if it is still half full. */
    private void rehash() {
        Object[] oldOwners = owners;
        String[] oldMembers = members;
        int[] oldIndexes = indexes;
        Object[] oldValues = values;
        int live = 0;
        for (Object o : oldOwners) {
            if (o != null && referent(o) != null) {
                live++;
            }
        }
        int n = oldOwners.length;
        while ((live + 1) * 4 > n) {
            n *= 2;
        }
        owners = new Object[n];
        members = new String[n];
        indexes = new int[n];
        values = new Object[n];
        size = 0;
        for (int k = 0; k < oldOwners.length; k++) {
            Object o = oldOwners[k];
            Object owner = o == null ? null : referent(o);
            if (owner != null) {
                place(o, owner, oldMembers[k], oldIndexes[k], oldValues[k]);
            }
        }
    }
}
