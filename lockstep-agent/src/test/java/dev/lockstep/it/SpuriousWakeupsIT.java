package dev.lockstep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * With spurious wake-ups switched on, a wait that returns without a wake-up (as the JDK allows) is one more decision
 * of the strategy, so that waiting with {@code if} instead of {@code while} is found even with a single waiter.
 */
class SpuriousWakeupsIT {

    static final class Gate {
        volatile boolean open;
        Thread waiter;
    }

    private static Report explore(Scenario s, boolean spurious) {
        return Explorer.builder().strategy(Strategy.dfs(1)).spuriousWakeups(spurious).iterations(100_000).build()
                .explore(s);
    }

    private static void foundOnlyWithSpuriousWakeups(Scenario ifWait, Scenario whileWait) {
        assertFalse(explore(ifWait, false).failed(), "a single waiter is always woken by the notify");
        Report r = explore(ifWait, true);
        Failure f = r.failure().orElseThrow(() -> new AssertionError(r.summary()));
        assertTrue(f.trace().toText().contains("wakes up spuriously"), f.trace().toText());
        Report again = Explorer.builder().spuriousWakeups(true).build().replay(ifWait, f.schedule());
        assertEquals(f.trace().toText(), again.failure().orElseThrow().trace().toText());
        Report fixed = explore(whileWait, true);
        assertFalse(fixed.failed(), fixed.summary());
        assertTrue(fixed.exhausted(), fixed.summary());
    }

    @Test
    void objectWaitWithIf() {
        foundOnlyWithSpuriousWakeups(() -> {
            Corpus.Mailbox box = new Corpus.Mailbox();
            Corpus.together(box::takeWithIf, () -> box.put(1));
        }, () -> {
            Corpus.Mailbox box = new Corpus.Mailbox();
            Corpus.together(box::takeWithWhile, () -> box.put(1));
        });
    }

    @Test
    void parkWithIf() {
        foundOnlyWithSpuriousWakeups(() -> {
            Gate g = new Gate();
            g.waiter = Thread.ofVirtual().unstarted(() -> {
                if (!g.open) {
                    LockSupport.park();
                }
                Corpus.check(g.open, "went through a closed gate");
            });
            g.waiter.start();
            g.open = true;
            LockSupport.unpark(g.waiter);
            g.waiter.join();
        }, () -> {
            Gate g = new Gate();
            g.waiter = Thread.ofVirtual().unstarted(() -> {
                while (!g.open) {
                    LockSupport.park();
                }
                Corpus.check(g.open, "went through a closed gate");
            });
            g.waiter.start();
            g.open = true;
            LockSupport.unpark(g.waiter);
            g.waiter.join();
        });
    }
}
