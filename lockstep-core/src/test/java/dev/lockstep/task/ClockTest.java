package dev.lockstep.task;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.testkit.Mode;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClockTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void sleepLastsAtLeastItsDurationInRealTime(Mode mode) throws Exception {
        mode.run(env -> {
            long start = Clock.nanoTime();
            Clock.sleep(Duration.ofMillis(15));
            assertTrue(Clock.nanoTime() - start >= Duration.ofMillis(15).toNanos());
            Clock.sleep(Duration.ZERO); // a yield
            Clock.sleep(Duration.ofSeconds(-1));
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void interruptedSleepThrowsAndClearsTheStatus(Mode mode) throws Exception {
        mode.run(env -> {
            var sleeper = env.spawn("sleeper", () -> Clock.sleep(Duration.ofHours(1)));
            env.untilParked(sleeper);
            sleeper.interrupt();
            assertTrue(sleeper.failure() instanceof InterruptedException);
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> Clock.sleep(Duration.ofMillis(1)));
        });
    }
}
