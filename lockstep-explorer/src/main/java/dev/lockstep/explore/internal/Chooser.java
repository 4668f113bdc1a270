package dev.lockstep.explore.internal;

/**
 * The decision procedure of a strategy, for one worker of an exploration: small and deterministic, as STYLE asks. At
 * each scheduling point with two or more runnable tasks the run asks it which goes next. Everything random in it
 * comes from the exploration's seed and the iteration's number, so that an iteration runs the same whichever worker
 * runs it.
 */
interface Chooser {

    /**
     * A run is about to start.
     *
     * @param iteration its number, from 0
     * @param lengthHint an estimate of the decisions a run takes, the same for this iteration whoever runs it
     */
    default void begin(int iteration, int lengthHint) {}

    /** Task {@code id}, named {@code name}, was created in the current run (ids count up from 0, {@code main}). */
    default void taskCreated(int id, String name) {}

    /**
     * Picks the task to run next.
     *
     * @param enabled the ids of the runnable tasks, increasing, in the first {@code n} slots ({@code n >= 2})
     * @param last the id of the task that ran last if it is among them (choosing another is a preemption), else -1
     * @param decision how many decisions this run has made before this one
     * @return one of the ids, or -1 if this chooser cannot go on (a replay that left its schedule); then {@link
     *     #refusal()} says why
     */
    int choose(int[] enabled, int n, int last, int decision);

    /**
     * A binary decision of the run (whether a wait wakes up spuriously): 1 or 0, or -1 if this chooser cannot go on.
     * It is recorded in the schedule like a choice between the ids 0 and 1, without a preemption.
     */
    default int coin(int decision) {
        return choose(COIN, 2, -1, decision);
    }

    /** The two outcomes of a coin, as the ids a choice picks from. */
    int[] COIN = {0, 1};

    /** The run is over; returns false when nothing is left to explore. */
    /**
     * Whether the run that just ended is this shard's (asked before {@link #end()}): a dfs shard runs the first
     * schedule of another shard's subtree only to learn the tree above it.
     */
    default boolean counts() {
        return true;
    }

    default boolean end() {
        return true;
    }

    /** Why the last {@link #choose} returned -1. */
    default String refusal() {
        return "";
    }

    /** Mixes a seed and an iteration into the seed of that iteration's random source (SplitMix64's finaliser). */
    static long mix(long seed, long iteration) {
        long z = seed + 0x9E3779B97F4A7C15L * (iteration + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
