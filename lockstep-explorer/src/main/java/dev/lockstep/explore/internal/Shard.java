package dev.lockstep.explore.internal;

/**
 * Which part of an exploration's schedules this process runs: the {@code index}-th (from 1) of {@code count}
 * disjoint parts, so that {@code count} machines together run exactly the schedules of the unsharded exploration.
 * {@code random} and {@code pct} schedules are numbered, and part {@code index} owns the numbers {@code i} with
 * {@code i % count == index - 1}: a schedule depends only on the seed and its number (pct's run-length estimate
 * comes from the first {@link Ledger#CALIBRATION} schedules, which every part runs, counting only its own). {@code
 * dfs} splits its search tree at the first {@link DfsChooser#SPLIT} branching decisions: each subtree below them
 * belongs to one part, in the order the search meets them; a part runs the first schedule of another part's subtree
 * only to learn the tree above it, without counting it.
 */
public record Shard(int index, int count) {
    /** The whole exploration. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": needs 1 <= I <= N, as in 1/"
                    + Math.max(count, 2));
        }
    }

    /**
     * Reads {@code I/N}, e.g. {@code 2/3}.
     *
     * @throws IllegalArgumentException naming the text if it is not of that form or I is not in 1..N
     */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) {
                return new Shard(Integer.parseInt(t.substring(0, slash).strip()),
                        Integer.parseInt(t.substring(slash + 1).strip()));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("shard \"" + text + "\" is not of the form I/N (the I-th of N parts,"
                + " e.g. 1/3)");
    }

    public boolean whole() {
        return count == 1;
    }

    /** Whether schedule number {@code i} of a numbered strategy (random, pct) is this part's. */
    boolean owns(int i) {
        return i % count == index - 1;
    }

    /** How a report names the part: empty for the whole exploration. */
    String describe() {
        return whole() ? "" : " shard " + index + "/" + count;
    }
}
