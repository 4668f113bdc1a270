package dev.lockstep.task;

import java.io.Serial;
import java.util.List;

/**
 * Thrown by {@link TaskGroup#close()} when tasks of the group failed: the first failure is the cause, the others are
 * suppressed, and {@link #failures()} lists them all in the order they happened. Also thrown, with {@link #cancelled()}
 * true and an {@link InterruptedException} as cause, when the owner was interrupted while closing and the group
 * cancelled its tasks.
 */
public class TaskGroupException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<Throwable> failures;
    private final boolean cancelled;

    public TaskGroupException(String message, List<Throwable> failures, boolean cancelled, Throwable cause) {
        super(message, cause);
        this.failures = List.copyOf(failures);
        this.cancelled = cancelled;
        for (Throwable f : this.failures) {
            if (f != cause) {
                addSuppressed(f);
            }
        }
    }

    /** Every failure of the group's tasks, first one first (empty if the group was only cancelled). */
    public List<Throwable> failures() {
        return failures;
    }

    /** Whether the group's tasks were cancelled because its owner was interrupted while closing. */
    public boolean cancelled() {
        return cancelled;
    }
}
