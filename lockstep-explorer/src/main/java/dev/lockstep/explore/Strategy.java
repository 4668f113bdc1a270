package dev.lockstep.explore;

/**
 * How the explorer chooses which task runs next at each scheduling point. All randomness comes from the explorer's
 * seed, so the same seed (or the same schedule string) gives the same run.
 *
 * <ul>
 *   <li>{@link #random()}: a uniformly random choice at every point. Cheap, and good at shallow bugs.</li>
 *   <li>{@link #pct(int)}: probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010). Finds every bug of
 *       depth {@code d} with a probability that has a guaranteed lower bound in each run.</li>
 *   <li>{@link #dfs(int)}: every schedule with at most {@code maxPreemptions} preemptions, depth first (preemption
 *       bounding, Musuvathi and Qadeer, CHESS, PLDI 2007). When it runs out of schedules, {@link
 *       Report#exhausted()} is true: the scenario is verified within the bound, not just tested.</li>
 * </ul>
 */
public sealed interface Strategy permits RandomStrategy, PctStrategy, DfsStrategy {

    /** A uniformly random choice among the runnable tasks at every scheduling point. */
    static Strategy random() {
        return new RandomStrategy();
    }

    /**
     * Probabilistic concurrency testing with bug depth {@code depth}: random task priorities and {@code depth - 1}
     * random priority-change points per run.
     *
     * @throws IllegalArgumentException if {@code depth} is less than 1
     */
    static Strategy pct(int depth) {
        return new PctStrategy(depth);
    }

    /**
     * Exhaustive depth-first search of every schedule with at most {@code maxPreemptions} preemptions.
     *
     * @throws IllegalArgumentException if {@code maxPreemptions} is negative
     */
    static Strategy dfs(int maxPreemptions) {
        return new DfsStrategy(maxPreemptions);
    }

    /** The strategy as the command line writes it, e.g. {@code pct(3)}. */
    String describe();
}
