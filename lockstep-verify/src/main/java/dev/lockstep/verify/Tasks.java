package dev.lockstep.verify;

import java.util.ArrayList;
import java.util.List;

/** Named virtual threads for verification scenarios: started together, joined together, failures kept. */
final class Tasks {
    private final List<Thread> threads = new ArrayList<>();

    /** A body that may throw. */
    interface Body {
        void run() throws Exception;
    }

    /** Starts {@code body} in a virtual thread named {@code name}; an exception escaping it fails the run. */
    Thread start(String name, Body body) {
        Thread t = Thread.ofVirtual().name(name).start(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(name + " threw " + e, e);
            }
        });
        threads.add(t);
        return t;
    }

    /** Joins every task started so far. */
    void joinAll() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
