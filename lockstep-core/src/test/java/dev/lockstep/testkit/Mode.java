package dev.lockstep.testkit;

import dev.lockstep.task.Loop;

/** Where a test's threads run: every primitive test runs in each mode. */
public enum Mode {
    /** Platform threads, truly parallel. */
    PLATFORM,
    /** Virtual threads on the JDK's default scheduler, truly parallel. */
    VIRTUAL,
    /** Virtual threads on a Lockstep Loop: one carrier, asyncio semantics. */
    LOOP;

    /** Runs {@code body} in this mode: on a Loop's main task for {@link #LOOP}, on the calling thread otherwise. */
    public void run(Body body) throws Exception {
        if (this == LOOP) {
            Loop.run(() -> {
                try (Env env = new Env(this)) {
                    body.run(env);
                }
                return null;
            });
        } else {
            try (Env env = new Env(this)) {
                body.run(env);
            }
        }
    }

    /** A test body. */
    @FunctionalInterface
    public interface Body {
        void run(Env env) throws Exception;
    }
}
