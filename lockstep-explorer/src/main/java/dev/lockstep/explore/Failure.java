package dev.lockstep.explore;

import java.util.Optional;

/** A failing run: what went wrong, the schedule that makes it happen, and the trace of that schedule. */
public interface Failure {
    /** What kind of failure. */
    Kind kind();

    /** A one-line account, e.g. the assertion's message or the deadlock's wait-for cycle. */
    String message();

    /** The minimal schedule found by shrinking, as a string that {@link Explorer#replay} accepts. */
    String schedule();

    /** The seed of the exploration that found it. */
    long seed();

    /** The index (from 0) of the iteration that found it. */
    int iteration();

    /** The trace of {@link #schedule()}. */
    Trace trace();

    /** The exception thrown, for {@link Kind#ASSERTION} and {@link Kind#EXCEPTION}. */
    Optional<Throwable> cause();

    /** Preemptions in the schedule as first found, before shrinking. */
    int originalPreemptions();

    /** Preemptions in the minimal schedule. */
    int preemptions();

    /** Scheduling steps in the schedule as first found. */
    int originalSteps();

    /** Scheduling steps in the minimal schedule. */
    int steps();

    /** Kinds of failure. */
    enum Kind {
        /** An {@link AssertionError} in any task. */
        ASSERTION,
        /** Any other exception escaping any task (an uncaught exception in a child thread counts). */
        EXCEPTION,
        /** Every task is blocked and no timer is pending; the message holds the wait-for picture. */
        DEADLOCK,
        /** A run exceeded its step limit: a livelock, or a scenario too long for the limit. */
        STEP_LIMIT,
        /** A replay left its recorded schedule, or a thread outside the explorer's control took part. */
        NONDETERMINISM,
        /** Tasks were still running when the scenario returned. */
        LEAKED_TASK,
        /**
         * Two accesses to one field or array element, at least one a write, that nothing orders (no lock, volatile,
         * atomic, queue, start or join between them): found with the agent, even in a run whose assertions pass.
         * The message names the variable and both accesses.
         */
        DATA_RACE
    }
}
