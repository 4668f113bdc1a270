package dev.lockstep.internal.race;

import java.util.List;

/**
 * A data race: two accesses to one field or array element, at least one a write, that nothing orders. {@code earlier}
 * is the access the detector remembered, {@code later} the one that revealed the race; their order is the order of
 * this execution, not one the program guarantees.
 *
 * @param variable the field ({@code Counter.count}) or array element ({@code int[] element 3})
 * @param earlier the remembered access
 * @param later the access that raced with it
 */
public record Race(String variable, Access earlier, Access later) {

    /**
     * One access of a race.
     *
     * @param task the task or thread that made it
     * @param write whether it wrote
     * @param site where, as {@code file:line}
     * @param frames a few frames of its stack, innermost first (for the earlier access, of the first time its site
     *     ran, which is how it is usually reached); empty when not recorded
     */
    public record Access(String task, boolean write, String site, List<StackTraceElement> frames) {
        /** "write by worker-1 at Counter.java:12". */
        public String describe() {
            return (write ? "write" : "read") + " by " + task + " at " + site;
        }
    }

    /** What deduplicates races: the pair of sites, in either order, whichever of them wrote. */
    public String key() {
        String a = earlier.site;
        String b = later.site;
        return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
    }

    /** The report's text: the variable, both accesses, the later one's frames. */
    public String text() {
        StringBuilder sb = new StringBuilder("data race on ").append(variable).append(": ")
                .append(earlier.describe()).append(", then ").append(later.describe())
                .append(", and nothing orders them (no lock, volatile, atomic, queue, start or join in between)");
        frames(sb, earlier);
        frames(sb, later);
        return sb.toString();
    }

    private static void frames(StringBuilder sb, Access a) {
        if (!a.frames.isEmpty()) {
            sb.append("\n  ").append(a.write ? "write" : "read").append(" by ").append(a.task).append(':');
            for (StackTraceElement e : a.frames) {
                sb.append("\n    at ").append(e);
            }
        }
    }

    /** {@code Counter.java:12} from an agent site {@code Counter.count@Counter.java:12}. */
    static String location(String site) {
        int at = site.lastIndexOf('@');
        return at < 0 ? site : site.substring(at + 1);
    }

    /** {@code Counter.count} from an agent site; for an array site, {@code int[]}. */
    static String member(String site) {
        int at = site.lastIndexOf('@');
        return at < 0 ? site : site.substring(0, at);
    }
}
