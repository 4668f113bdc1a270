package dev.lockstep.explore.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;

/**
 * The values a traced run's reads and writes saw, read back by reflection on the carrier between steps, when no task
 * runs: a read is shown with the value it is about to read, a write with the value it wrote once the task has gone on.
 * Sites are the agent's strings, {@code Account.balance@Account.java:12}.
 */
final class Values {
    private final Labels labels;
    /** Fields by declaring class and name, found once. */
    private final Map<Class<?>, Map<String, Field>> fields = new HashMap<>();

    Values(Labels labels) {
        this.labels = labels;
    }

    /** A write whose value is filled in later, into its step's text. */
    final class Pending {
        private final TraceNarrator.MutableStep step;
        private final Object owner;
        private final int index;
        private final String site;

        Pending(TraceNarrator.MutableStep step, Object owner, int index, String site) {
            this.step = step;
            this.owner = owner;
            this.index = index;
            this.site = site;
        }

        void settle() {
            step.text = step.text + now(owner, index, site);
        }
    }

    Pending pending(TraceNarrator.MutableStep step, Object owner, int index, String site) {
        return new Pending(step, owner, index, site);
    }

    /** {@code " (100)"}: the value there now, or nothing if it cannot be read. */
    String now(Object owner, int index, String site) {
        try {
            Object v;
            if (index >= 0) {
                v = Array.get(owner, index);
            } else {
                Field f = field(owner, site);
                if (f == null) {
                    return "";
                }
                v = f.get(owner instanceof Class<?> ? null : owner);
            }
            return " (" + show(v) + ")";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return ""; // a field we may not read (a module that does not open it), an index out of bounds
        }
    }

    private Field field(Object owner, String site) {
        String member = member(site);
        String name = member.substring(member.lastIndexOf('.') + 1);
        boolean isStatic = owner instanceof Class<?>;
        for (Class<?> c = isStatic ? (Class<?>) owner : owner.getClass(); c != null; c = c.getSuperclass()) {
            Map<String, Field> known = fields.computeIfAbsent(c, k -> new HashMap<>());
            Field f = known.get(name);
            if (f == null && !known.containsKey(name)) {
                try {
                    f = c.getDeclaredField(name);
                    f.setAccessible(true);
                } catch (NoSuchFieldException | RuntimeException e) {
                    f = null;
                }
                known.put(name, f);
            }
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** A value as a trace shows it: numbers and strings as they are, other objects by their label. */
    private String show(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        if (v instanceof Character c) {
            return "'" + c + "'";
        }
        if (v instanceof String s) {
            return "\"" + (s.length() > 24 ? s.substring(0, 21) + "..." : s) + "\"";
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        return labels.ofObject(v);
    }

    /** The member part of a site: {@code Account.balance}. */
    static String member(String site) {
        int at = site.lastIndexOf('@');
        return at < 0 ? site : site.substring(0, at);
    }

    /** The location part of a site: {@code Account.java:12}, or empty. */
    static String location(String site) {
        int at = site.lastIndexOf('@');
        return at < 0 || site.endsWith(":0") ? "" : site.substring(at + 1);
    }

    /** The method of a member: {@code lock} of {@code ReentrantLock.lock}. */
    static String method(String member) {
        return member.substring(member.lastIndexOf('.') + 1);
    }
}
