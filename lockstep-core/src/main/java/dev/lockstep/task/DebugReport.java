package dev.lockstep.task;

import java.util.List;

/**
 * One finding of a {@link Loop} in debug mode, as logged through {@link System.Logger} (logger {@code dev.lockstep.loop})
 * and handed to {@link Loop.Builder#onReport}.
 *
 * @param kind what was found
 * @param task the name of the task it is about, or {@code null} when it is about the whole loop
 * @param message a readable account, including the wait-for picture for {@link Kind#DEADLOCK} and {@link Kind#STALL}
 * @param stack where the task was when the finding was made (for {@link Kind#SLOW_TASK}); empty when unknown
 */
public record DebugReport(Kind kind, String task, String message, List<StackTraceElement> stack) {

    /** What a debug report is about. */
    public enum Kind {
        /** A task kept the loop's carrier longer than the slow-task threshold without blocking. */
        SLOW_TASK,
        /** Every task is parked on a Lockstep primitive and nothing can wake them; {@code Loop.run} then fails. */
        DEADLOCK,
        /** Every task has been waiting for longer than the deadlock timeout, though something outside might wake them. */
        STALL,
        /** A task ended while still holding a {@code Mutex}. */
        LEAKED_LOCK,
        /** A task was still running when the loop's main task returned. */
        LEAKED_TASK
    }

    public DebugReport {
        stack = List.copyOf(stack);
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
