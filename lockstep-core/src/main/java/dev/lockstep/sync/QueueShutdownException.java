package dev.lockstep.sync;

import java.io.Serial;

/**
 * Thrown by {@link WorkQueue} operations after {@link WorkQueue#shutdown()}: at once by {@code put} and {@code offer},
 * and by {@code take} and {@code poll} once the queue is empty (so consumers drain what was left first).
 */
public class QueueShutdownException extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    public QueueShutdownException(String message) {
        super(message);
    }
}
