package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.lockstep.junit.ExploreTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fix, verified, with JUnit's lifecycle as JUnit users expect it. Must pass. */
class LifecycleTest {
    static final AtomicInteger beforeAll = new AtomicInteger();
    static final AtomicInteger setUps = new AtomicInteger();
    static final AtomicInteger bodies = new AtomicInteger();

    @TempDir
    Path dir;
    private final Object lock = new Object();
    private final String name;
    private int balance;

    LifecycleTest(TestInfo info) {
        name = info.getDisplayName();
    }

    @BeforeAll
    static void once() {
        beforeAll.incrementAndGet();
    }

    @BeforeEach
    void open() {
        setUps.incrementAndGet();
        balance = 100;
    }

    @ExploreTest(strategy = "random", iterations = 50, seed = 1)
    void lockedWithdrawalsLeaveForty() throws Exception {
        bodies.incrementAndGet();
        assertNotNull(name);
        assertNotNull(dir, "@TempDir");
        assertFalse(Files.exists(dir.resolve("used")), "another schedule's directory");
        Files.createFile(dir.resolve("used"));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.submit(this::withdrawThirty);
            pool.submit(this::withdrawThirty);
        }
        assertEquals(40, balance);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    @ExploreTest(strategy = "random", iterations = 20, seed = 1)
    void everyWithdrawalCounts(int withdrawals) throws Exception {
        bodies.incrementAndGet();
        Thread[] threads = new Thread[withdrawals];
        for (int i = 0; i < withdrawals; i++) {
            threads[i] = Thread.ofVirtual().start(this::withdrawThirty);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(100 - 30 * withdrawals, balance);
    }

    private void withdrawThirty() {
        synchronized (lock) {
            int read = balance;
            balance = read - 30;
        }
    }

    @Nested
    class Statement {
        @ExploreTest(strategy = "random", iterations = 20, seed = 1)
        void seesTheAccountOpened() {
            bodies.incrementAndGet();
            assertEquals(100, balance);
        }
    }

    @AfterAll
    static void lifecycleRanOncePerSchedule() {
        assertEquals(1, beforeAll.get(), "@BeforeAll runs once");
        assertEquals(bodies.get(), setUps.get(), "@BeforeEach runs once per schedule");
    }
}
