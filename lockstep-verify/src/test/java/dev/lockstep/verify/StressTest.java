package dev.lockstep.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Parallel stress on the JDK's default scheduler. The length comes from {@code lockstep.stress.seconds} (short in the
 * default build, long with {@code -Pstress}); each half runs for half of it.
 */
class StressTest {
    private static final Duration HALF = Duration.ofMillis(
            Long.getLong("lockstep.stress.seconds", 6) * 500);

    @Test
    void platformThreadsBalanceTheBooks() throws Exception {
        Stress.Result r = Stress.run(false, 8, HALF, 11);
        assertTrue(r.ok(), r.problems().toString());
        assertTrue(r.operations() > 10_000, "operations: " + r.operations());
        assertTrue(r.interrupts() > 100, "interrupts: " + r.interrupts());
        System.out.printf("platform: %,d operations, %,d interrupts in %s%n", r.operations(), r.interrupts(),
                r.elapsed());
    }

    @Test
    void virtualThreadsBalanceTheBooks() throws Exception {
        Stress.Result r = Stress.run(true, 64, HALF, 13);
        assertTrue(r.ok(), r.problems().toString());
        assertTrue(r.operations() > 10_000, "operations: " + r.operations());
        System.out.printf("virtual: %,d operations, %,d interrupts in %s%n", r.operations(), r.interrupts(),
                r.elapsed());
    }
}
