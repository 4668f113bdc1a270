package dev.lockstep.redis;

import java.io.Serial;

/**
 * Thrown when a call cannot reach Redis within its command timeout: the server is down, unreachable, or too slow. The
 * message names the server and the operation. Nothing was done by the failed call, as far as this process knows; a
 * lease it held may still be running out on the server.
 */
public class RedisUnavailableException extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
