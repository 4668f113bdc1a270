package dev.lockstep.explore;

/**
 * The code the explorer runs again and again, once per explored schedule. It runs in a virtual thread under the
 * explorer's control, and so does every virtual thread it starts. It must set up its own state on each run (fresh
 * objects, not ones left over from the previous run), and should check its invariants by throwing: an {@link
 * AssertionError} or any exception ends the run as a failure.
 *
 * {@snippet :
 * Scenario lostUpdate = () -> {
 *     Counter c = new Counter();
 *     try (TaskGroup g = TaskGroup.open()) {
 *         for (int i = 0; i < 3; i++) g.spawn(() -> { c.incrementWithYield(); return null; });
 *     }
 *     if (c.value() != 3) throw new AssertionError("expected 3, got " + c.value());
 * };
 * }
 */
@FunctionalInterface
public interface Scenario {
    /** Runs the scenario once. */
    void run() throws Exception;

    /**
     * The class whose code this scenario runs, so that a report can say what the exploration could not see in it: a
     * lambda's is the class that wrote it. A scenario that runs code of another class (a test method, say) returns
     * that class.
     */
    default Class<?> codeSource() {
        Class<?> c = getClass();
        return c.isHidden() ? c.getNestHost() : c;
    }
}
