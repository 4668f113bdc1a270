package dev.lockstep.explore.internal;

import dev.lockstep.explore.Failure;

/**
 * What one run of a scenario came to: the only thing that leaves a {@link Run}.
 *
 * @param kind the failure, or null if the run passed
 * @param message the failure's one-line account (a deadlock's picture), or null
 * @param cause the exception that failed it, or null
 * @param schedule the decisions the run made
 * @param steps the scheduling steps it took
 * @param timedOut whether the exploration's time limit ended it while it waited for threads outside it
 * @param realWaitNanos real time it spent waiting for threads outside it (JDK timers, I/O)
 * @param realWaitWhere what it first waited for in real time, or null
 * @param trace its trace, or null if it was not traced
 */
record RunOutcome(Failure.Kind kind, String message, Throwable cause, Schedule schedule, int steps, boolean timedOut,
        long realWaitNanos, String realWaitWhere, TraceImpl trace) {

    boolean failed() {
        return kind != null;
    }

    /** Whether {@code other} fails the way this run did: same kind, and the same exception type if any. */
    boolean sameFailureAs(RunOutcome other) {
        if (!other.failed() || other.kind != kind) {
            return false;
        }
        return cause == null ? other.cause == null : other.cause != null && cause.getClass() == other.cause.getClass();
    }
}
