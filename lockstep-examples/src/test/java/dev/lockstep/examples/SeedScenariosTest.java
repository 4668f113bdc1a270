package dev.lockstep.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Strategy;
import dev.lockstep.sync.Semaphore;
import dev.lockstep.task.DebugReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SeedScenariosTest {

    // ---- scenario 1 -----------------------------------------------------------------------------------------------

    @Test
    void scenario1TheRacyCounterIsCaughtAndReplayed() {
        Report r = Explorer.builder().strategy(Strategy.pct(3)).seed(2024).build().explore(LostUpdate.bad(3));
        Failure f = r.failure().orElseThrow();
        assertEquals(Failure.Kind.ASSERTION, f.kind());
        // The suspension point is a sleep: every task blocks there, so no preemption is even needed.
        assertEquals(0, f.preemptions(), r.summary());
        assertTrue(Explorer.builder().build().replay(LostUpdate.bad(3), f.schedule()).failed());
    }

    @Test
    void scenario1TheMutexVersionIsVerified() {
        Report r = Explorer.builder().strategy(Strategy.dfs(2)).iterations(100_000).build()
                .explore(LostUpdate.better(3));
        assertFalse(r.failed(), r.summary());
        assertTrue(r.exhausted(), r.summary());
    }

    // ---- scenario 2 -----------------------------------------------------------------------------------------------

    @Test
    void scenario2TheServerNeverSeesMoreThanTenCallsInFlight() throws Exception {
        try (ApiThrottle api = new ApiThrottle(Duration.ofMillis(5))) {
            int peak = api.callAll(1000, new Semaphore("api", 10));
            assertTrue(peak <= 10, "peak in flight " + peak);
            assertTrue(peak >= 2, "the calls did overlap: peak " + peak);
        }
    }

    @Test
    void scenario2WithoutTheSemaphoreTheServerIsFlooded() throws Exception {
        try (ApiThrottle api = new ApiThrottle(Duration.ofMillis(50))) {
            int peak = api.callAll(1000, null);
            assertTrue(peak > 10, "peak in flight " + peak);
        }
    }

    // ---- scenario 3 -----------------------------------------------------------------------------------------------

    @Test
    void scenario3WaitersHoldNoCarrierOnASingleCarrierLoop() throws Exception {
        // 10,000 workers park on the event while the initialiser runs on the loop's only carrier.
        InitGate.Outcome o = InitGate.withEvent(10_000, Duration.ofMillis(20));
        assertEquals(10_000, o.queries());
        assertEquals(10_000, o.wakeUps(), "each worker woke exactly once");
    }

    @Test
    void scenario3PollingWakesEveryWorkerOverAndOver() {
        AtomicReference<InitGate.Outcome> event = new AtomicReference<>();
        AtomicReference<InitGate.Outcome> polling = new AtomicReference<>();
        // Under the explorer, time is virtual: the counts are exact, not a matter of timing.
        Explorer once = Explorer.builder().strategy(Strategy.random()).seed(3).iterations(1).maxSteps(100_000)
                .build();
        once.explore(() -> event.set(InitGate.gateWithEvent(100, Duration.ofMillis(50)))).assertNoFailure();
        once.explore(() -> polling.set(InitGate.gateWithPolling(100, Duration.ofMillis(50), Duration.ofMillis(1))))
                .assertNoFailure();
        assertEquals(100, event.get().wakeUps());
        // Fifty polls in 50 ms each, and one more for the workers that run at 50 ms before the initialiser does.
        long polls = polling.get().wakeUps();
        assertTrue(polls >= 100 * 50 && polls <= 100 * 51, "polls: " + polls);
        assertEquals(100, polling.get().queries());
    }

    // ---- scenario 4 -----------------------------------------------------------------------------------------------

    @Test
    void scenario4MessagePassingLosesNothing() throws Exception {
        long expected = 0;
        for (int j = 0; j < 5000; j++) {
            expected += CpuFanOut.heavy(j);
        }
        assertEquals(expected, CpuFanOut.messagePassing(4, 5000));
    }

    @Test
    void scenario4ASharedCounterLosesUpdates() throws Exception {
        // Two platform threads on two cores: some run loses updates (each attempt almost surely does).
        long worst = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 20 && worst == Long.MAX_VALUE; attempt++) {
            long total = CpuFanOut.sharedCounter(2, 2_000_000);
            if (total < 4_000_000) {
                worst = total;
            }
        }
        assertTrue(worst < 4_000_000, "no update was lost in 20 attempts");
    }

    // ---- the questions --------------------------------------------------------------------------------------------

    @Test
    void question1CodeWithoutASuspensionPointIsAtomicOnALoop() throws Exception {
        assertEquals(800_000, SeedQuestions.atomicWithoutSuspension(8, 100_000));
    }

    @Test
    void question1AndItBlocksTheLoopWhichDebugModeReports() throws Exception {
        List<DebugReport> reports = SeedQuestions.blockingTheLoop(Duration.ofMillis(400), Duration.ofMillis(50));
        DebugReport slow = reports.stream().filter(r -> r.kind() == DebugReport.Kind.SLOW_TASK).findFirst()
                .orElseThrow(() -> new AssertionError("no slow-task report: " + reports));
        assertEquals("number-cruncher", slow.task());
        assertTrue(slow.stack().stream().anyMatch(e -> e.getClassName().endsWith("SeedQuestions")
                || e.getClassName().endsWith("CpuFanOut")), slow.stack().toString());
    }

    @Test
    void question2ABoundedSemaphoreRefusesAnExtraRelease() throws Exception {
        String m = SeedQuestions.overRelease();
        assertTrue(m.contains("BoundedSemaphore \"bounded\": release() would raise the permits above the initial 2"),
                m);
        assertTrue(m.contains("a plain Semaphore now has 3 permits"), m);
    }
}
