package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lockstep.junit.ExploreTest;
import org.junit.jupiter.api.BeforeEach;

/** The seed's lost update, written as users write it: two plain virtual threads, a plain field. Must fail. */
class BankTest {
    private int balance;

    @BeforeEach
    void open() {
        balance = 100;
    }

    @ExploreTest(strategy = "random", iterations = 500, seed = 1)
    void twoWithdrawalsLeaveForty() throws Exception {
        Thread a = Thread.ofVirtual().start(this::withdrawThirty);
        Thread b = Thread.ofVirtual().start(this::withdrawThirty);
        a.join();
        b.join();
        assertEquals(40, balance);
    }

    private void withdrawThirty() {
        int read = balance;
        balance = read - 30;
    }
}
