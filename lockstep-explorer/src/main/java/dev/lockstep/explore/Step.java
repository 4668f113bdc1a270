package dev.lockstep.explore;

/**
 * One step of a {@link Trace}.
 *
 * @param index position in the trace, from 1
 * @param task id of the task the step belongs to (0 is {@code main}), or -1 for a step of the clock
 * @param taskName its name
 * @param kind what sort of step
 * @param text what happened, e.g. {@code lock Mutex "account" → acquired}
 * @param object the primitive the step is about, e.g. {@code Mutex "account"}, or empty
 * @param location the source line of the scenario where it happened ({@code Account.java:42}), or empty
 * @param target the task this step acts on (a started, woken or handed-to task), or -1
 */
public record Step(int index, int task, String taskName, Kind kind, String text, String object, String location,
        int target) {

    /** Sorts of step. */
    public enum Kind {
        /** The task started another task. */
        START,
        /** The task began to run. */
        BEGIN,
        /** An operation on a Lockstep primitive or the clock. */
        OP,
        /** The task blocked (parked) and waits. */
        PARK,
        /** The task handed a primitive or an item directly to a waiting task. */
        HAND_OFF,
        /** The task woke a waiting task (its wait ended because of something this task did). */
        WAKE,
        /** The task yielded ({@code Checkpoint.yieldNow()} or {@code Thread.yield()}). */
        YIELD,
        /** The explorer switched away from this task although it could have gone on. */
        PREEMPTED,
        /** The task resumed after waiting. */
        RESUME,
        /** Virtual time moved forward. */
        TIME,
        /** The task ended. */
        END,
        /** The task failed: an assertion or exception escaped it. */
        FAIL
    }

    /** The text with its location, e.g. {@code yield at Counter.java:12}. */
    public String describe() {
        return location.isEmpty() ? text : text + " at " + location;
    }
}
