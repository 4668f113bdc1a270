package dev.lockstep.task;

import java.io.Serial;

/**
 * Thrown by an interruptible Lockstep wait (and {@link Clock#sleep}) inside {@link Timeout#call} once the timeout has
 * expired. It is an {@link InterruptedException} so that code written for interruption unwinds the same way; the
 * enclosing {@code Timeout.call} turns it into a {@link java.util.concurrent.TimeoutException}. Unlike an interrupt it
 * does not touch the thread's interrupt status, so a real interrupt from outside is never mistaken for the timeout,
 * nor swallowed by it.
 */
public class TimeoutCancellationException extends InterruptedException {
    @Serial
    private static final long serialVersionUID = 1L;

    public TimeoutCancellationException(String message) {
        super(message);
    }
}
