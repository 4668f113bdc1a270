package dev.lockstep.task;

import java.io.Serial;

/**
 * Thrown by {@link Loop#run} in debug mode when every task of the loop is parked on a Lockstep primitive and nothing can
 * wake them. The message holds the wait-for picture: each task, what it waits on, and who holds that.
 */
public class DeadlockException extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DeadlockException(String message) {
        super(message);
    }
}
