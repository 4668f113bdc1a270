package dev.lockstep.explore.internal;

import dev.lockstep.internal.Carriers;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs, on a daemon platform thread of its own, the continuations of tasks whose run is over (woken late by a JDK
 * timer, say). Their scheduling points throw {@link RunAborted}, so they unwind and end instead of lingering.
 */
final class Reaper {
    private static final LinkedBlockingQueue<Runnable> QUEUE = new LinkedBlockingQueue<>();

    static {
        Carriers.newThread("lockstep-explorer-reaper", true, Reaper::work).start();
    }

    private Reaper() {}

    static void resume(Runnable continuation) {
        QUEUE.add(continuation);
    }

    private static void work() {
        for (;;) {
            try {
                QUEUE.take().run();
            } catch (InterruptedException e) {
                // a daemon: nothing to stop for
            } catch (Throwable ignored) {
                // a stale task's failure is nobody's business any more
            }
        }
    }
}
