package dev.lockstep.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/** Records the order in which threads reach named points, kotlinx {@code expect(n)} style. */
public final class Steps {
    private final List<String> seen = new ArrayList<>();

    public synchronized void mark(String step) {
        seen.add(step);
    }

    public synchronized List<String> seen() {
        return List.copyOf(seen);
    }

    public void assertOrder(String... expected) {
        assertEquals(List.of(expected), seen());
    }
}
