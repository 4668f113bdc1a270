package dev.lockstep.task;

import dev.lockstep.internal.hook.Hooks;
import dev.lockstep.internal.hook.Probe;

/**
 * An explicit suspension point: asyncio's {@code await asyncio.sleep(0)}. On a {@link Loop} it lets every other ready
 * task run before the caller continues; on the default scheduler it is {@link Thread#yield()}; under the explorer it
 * is a scheduling point where any other task may run first. The seed's advice for testing races is to put one inside
 * a critical section on purpose.
 *
 * {@snippet :
 * int t = counter;
 * Checkpoint.yieldNow();   // another task may change counter here
 * counter = t + 1;         // ... and this overwrites its update
 * }
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** Gives other tasks the chance to run before the caller continues. Never throws, never blocks for long. */
    public static void yieldNow() {
        Probe p = Hooks.probe();
        if (p != null) {
            p.yieldNow();
        } else {
            Thread.yield();
        }
    }
}
