package dev.lockstep.explore;

import dev.lockstep.explore.internal.Strategies;

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
 *
 * <p>The command line and {@code @ExploreTest} name them {@code random}, {@code pct} and {@code dfs}; {@link
 * #parse(String)} reads those names.
 */
public sealed interface Strategy {

    /** A uniformly random choice among the runnable tasks at every scheduling point. */
    static Strategy random() {
        return new Random();
    }

    /**
     * Probabilistic concurrency testing with bug depth {@code depth}: random task priorities and {@code depth - 1}
     * random priority-change points per run.
     *
     * @throws IllegalArgumentException if {@code depth} is less than 1
     */
    static Strategy pct(int depth) {
        return new Pct(depth);
    }

    /**
     * Exhaustive depth-first search of every schedule with at most {@code maxPreemptions} preemptions.
     *
     * @throws IllegalArgumentException if {@code maxPreemptions} is negative
     */
    static Strategy dfs(int maxPreemptions) {
        return new Dfs(maxPreemptions);
    }

    /**
     * Reads a strategy as the command line and {@code @ExploreTest} write it: {@code random}, {@code pct}, {@code
     * pct(5)}, {@code dfs}, {@code dfs(1)}; case and spaces do not matter. A name without its parameter takes the
     * default ({@link Defaults#PCT_DEPTH}, {@link Defaults#DFS_MAX_PREEMPTIONS}).
     *
     * @throws IllegalArgumentException naming the text and the strategies there are, if it is none of them
     */
    static Strategy parse(String text) {
        return Strategies.parse(text, Defaults.PCT_DEPTH, Defaults.DFS_MAX_PREEMPTIONS);
    }

    /**
     * As {@link #parse(String)}, for tools that take the parameters apart ({@code --depth}, {@code
     * --max-preemptions}): a bare name takes {@code depth} or {@code maxPreemptions}, whichever it uses.
     */
    static Strategy parse(String text, int depth, int maxPreemptions) {
        return Strategies.parse(text, depth, maxPreemptions);
    }

    /** The strategy as the command line writes it, e.g. {@code pct(3)}. */
    String describe();

    /**
     * Random walk: at every scheduling point, each runnable task is chosen with equal probability. The baseline that
     * PCT improves on; it needs no parameter and finds shallow races fast.
     */
    record Random() implements Strategy {
        @Override
        public String describe() {
            return "random";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * Probabilistic concurrency testing: S. Burckhardt, P. Kothari, M. Musuvathi, S. Nagarakatte, "A Randomized
     * Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010. Each task gets a random priority when it
     * is created; the runnable task with the highest priority always runs; at {@code depth - 1} change points, chosen
     * uniformly among the run's scheduling steps, the running task's priority drops below every other. A bug that
     * needs {@code depth} ordering constraints is then found in each run with probability at least {@code
     * 1 / (n * k^(depth-1))} for n tasks and k steps.
     *
     * @param depth the bug depth, at least 1
     */
    record Pct(int depth) implements Strategy {
        public Pct {
            if (depth < 1) {
                throw new IllegalArgumentException("Strategy.pct: depth must be >= 1, got " + depth);
            }
        }

        @Override
        public String describe() {
            return "pct(" + depth + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * Preemption-bounded exhaustive search: M. Musuvathi and S. Qadeer, "Iterative Context Bounding for Systematic
     * Testing of Multithreaded Programs", PLDI 2007 (the CHESS model checker). A preemption is a switch away from a
     * task that could have gone on; most concurrency bugs need very few. The search runs every schedule with at most
     * {@code maxPreemptions} of them, depth first, each exactly once, and then reports itself exhausted.
     *
     * @param maxPreemptions the preemption bound, at least 0
     */
    record Dfs(int maxPreemptions) implements Strategy {
        public Dfs {
            if (maxPreemptions < 0) {
                throw new IllegalArgumentException("Strategy.dfs: maxPreemptions must be >= 0, got " + maxPreemptions);
            }
        }

        @Override
        public String describe() {
            return "dfs(" + maxPreemptions + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
