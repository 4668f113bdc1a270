package dev.lockstep.explore;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of {@link Explorer#explore} or {@link Explorer#replay}: whether a failure was found (the first one, with
 * its shrunk schedule and trace), how many schedules were run, and whether a {@code dfs} search covered every schedule
 * within its bound.
 */
public interface Report {
    /** Whether a run failed. */
    boolean failed();

    /** The failure found, if any. */
    Optional<Failure> failure();

    /** The number of schedules run (not counting the runs spent on shrinking). */
    int iterations();

    /**
     * The scheduling steps of the schedules counted by {@link #iterations()}, together: divided by the iterations, the
     * average length of a schedule. Like the count, it does not depend on {@code parallelism}.
     */
    long steps();

    /**
     * What this exploration could see, in words: without the Lockstep agent, "Lockstep primitives and blocking
     * calls"; with it, "... plus locks, monitors and shared fields of instrumented classes". A verdict holds within it.
     */
    String model();

    /**
     * Whether {@code dfs} ran every schedule within its preemption bound without a failure. Never true without the
     * agent for a scenario that also synchronizes in ways the explorer could not see (monitors, JDK locks, atomics):
     * those were no scheduling points, so the search did not cover their interleavings.
     */
    boolean exhausted();

    /** Wall-clock time spent, shrinking included. */
    Duration elapsed();

    /** The seed of the exploration, to run it again exactly. */
    long seed();

    /** The strategy, as {@link Strategy#describe()} writes it. */
    String strategy();

    /** Why the exploration stopped: "failure", "iterations", "exhausted", "time limit". */
    String stoppedBy();

    /** Real time the scenario spent in waits the explorer cannot make virtual ({@code Thread.sleep}, JDK timed waits). */
    Duration realTimeWaited();

    /** Throws an {@link AssertionError} whose message holds the failure, its trace and how to replay it. */
    void assertNoFailure();

    /** A readable summary: counts, and the failure with its trace if there is one. */
    String summary();

    /**
     * The summary, with {@code replayInstruction} as its last line where a failure says how to replay it (tools
     * phrase it their own way: an {@code @Replay} annotation, a command line). {@code %s} in it stands for the
     * schedule.
     */
    String summary(String replayInstruction);

    /** The report as JSON (counts, failure, schedule and trace steps). */
    String toJson();
}
