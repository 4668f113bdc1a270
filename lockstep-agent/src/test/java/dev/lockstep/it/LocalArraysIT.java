package dev.lockstep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An array a method created and has not passed on is no scheduling point (no other thread can touch it); one that
 * has left the method, or that arrived from elsewhere, stays one, whatever the method does with local arrays around it.
 */
// These programs race on plain fields on purpose, as most users' first bugs do: the scheduling they check is seen
// with the race detector off (races(false)); RacesIT checks the detector.
class LocalArraysIT {

    private static Report explore(Strategy s, Scenario scenario) {
        return Explorer.builder().races(false).strategy(s).seed(5).iterations(2000).timeLimit(Duration.ofSeconds(20)).build()
                .explore(scenario);
    }

    /** Fills and sums a buffer of its own, with long arithmetic that makes javac use dup2 and dup2_x2. */
    static long scratchWork(int n) {
        long[] buffer = new long[n];
        long[] copy = new long[n];
        for (int i = 0; i < n; i++) {
            buffer[i] = copy[i] = i; // dup2_x2: a long under the array and index
            buffer[i]++; // dup2: array and index
        }
        long sum = 0;
        for (long v : buffer) { // the array copied into a hidden local first
            sum += v;
        }
        Object[] boxes = {sum, n}; // an initialiser
        return (Long) boxes[0] + copy.length;
    }

    /** Reads a shared array, works on a fresh one, then writes the shared one: read and write must stay points. */
    static void bumpBesideScratch(long[] shared) {
        long[] scratch = new long[1];
        scratch[0] = shared[0];
        shared[0] = scratch[0] + 1;
    }

    @Test
    void aMethodsOwnArraysAddNoSchedules() {
        AtomicLong total = new AtomicLong();
        Scenario withBuffers = () -> {
            total.set(0);
            Corpus.together(() -> total.addAndGet(scratchWork(40)), () -> total.addAndGet(scratchWork(40)));
            Corpus.check(total.get() == 2 * (40 * 41 / 2 + 40), "total " + total.get());
        };
        Scenario without = () -> {
            total.set(0);
            Corpus.together(() -> total.addAndGet(860), () -> total.addAndGet(860));
            Corpus.check(total.get() == 1720, "total " + total.get());
        };
        Report buffers = explore(Strategy.dfs(2), withBuffers);
        Report plain = explore(Strategy.dfs(2), without);
        assertTrue(buffers.exhausted(), buffers.summary());
        assertTrue(plain.exhausted(), plain.summary());
        assertEquals(plain.iterations(), buffers.iterations(), "schedules with local buffers and without");
        assertEquals((double) plain.steps() / plain.iterations(), (double) buffers.steps() / buffers.iterations(),
                "steps per schedule with local buffers and without");
    }

    @Test
    void aSharedArrayWrittenBesideAFreshOneIsStillRaced() {
        Scenario s = () -> {
            long[] shared = new long[1];
            Corpus.together(() -> bumpBesideScratch(shared), () -> bumpBesideScratch(shared));
            Corpus.check(shared[0] == 2, "lost an update: " + shared[0]);
        };
        Failure f = explore(Strategy.pct(3), s).failure().orElseThrow();
        assertEquals(Failure.Kind.ASSERTION, f.kind(), f.message());
        assertTrue(f.trace().toText().contains("writes long[]"), f.trace().toText());
        assertFalse(explore(Strategy.dfs(3), () -> {
            long[] shared = new long[1];
            Corpus.together(() -> {
                synchronized (shared) {
                    bumpBesideScratch(shared);
                }
            }, () -> {
                synchronized (shared) {
                    bumpBesideScratch(shared);
                }
            });
            Corpus.check(shared[0] == 2, "lost an update: " + shared[0]);
        }).failed());
    }

    @Test
    void anArrayThatEscapesIsAPointFromThenOn() {
        // Published through a field of a holder the other thread reads: after that, its elements are shared.
        Scenario s = () -> {
            Holder h = new Holder();
            Thread reader = Thread.ofVirtual().start(() -> {
                int[] seen = h.published;
                if (seen != null) {
                    Corpus.check(seen[0] == 1, "saw the array before its element was set: " + seen[0]);
                }
            });
            int[] mine = new int[1];
            h.published = mine; // escapes here
            mine[0] = 1; // so this write is a point: the reader may run between the two
            reader.join();
        };
        Failure f = explore(Strategy.dfs(2), s).failure().orElseThrow();
        assertTrue(f.message().contains("saw the array before its element was set"), f.message());
    }

    static final class Holder {
        int[] published;
    }
}
