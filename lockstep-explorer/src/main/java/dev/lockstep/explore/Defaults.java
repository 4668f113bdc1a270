package dev.lockstep.explore;

/**
 * The explorer's defaults, defined once: {@link Explorer.Builder}, {@code @ExploreTest} and the command line all take
 * them from here.
 */
public final class Defaults {
    private Defaults() {}

    /** The depth of {@code pct} when none is given: 3. */
    public static final int PCT_DEPTH = 3;

    /** The preemption bound of {@code dfs} when none is given: 2. */
    public static final int DFS_MAX_PREEMPTIONS = 2;

    /** The strategy of an explorer built without one: {@code pct}, with {@link #PCT_DEPTH}. */
    public static final String STRATEGY = "pct";

    /** Schedules run at most: 1,000. */
    public static final int ITERATIONS = 1000;

    /** Scheduling steps one run may take before it fails with {@code STEP_LIMIT}: 10,000. */
    public static final int MAX_STEPS = 10_000;

    /** Real time an exploration may take, in seconds: 60. */
    public static final long TIME_LIMIT_SECONDS = 60;
}
