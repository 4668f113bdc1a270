package dev.lockstep.explore;

import dev.lockstep.explore.internal.Engine;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition the explorer checks after every step of the current run, not only at its end: a mutual-exclusion
 * invariant, say, fails at the very step two tasks are inside, with the trace leading there.
 *
 * {@snippet :
 * Scenario s = () -> {
 *     int[] inside = {0};
 *     Invariant.always("at most one task inside", () -> inside[0] <= 1);
 *     ... tasks increment inside[0] on entry and decrement it on exit ...
 * };
 * }
 *
 * <p>Register invariants from the scenario, on each run (they belong to the run that registers them). The condition
 * runs on the explorer's carrier between steps, while no task runs, so it may read the scenario's plain fields. Outside
 * an exploration, {@code always} checks the condition once, right away.
 */
public final class Invariant {
    private Invariant() {}

    /**
     * Checks {@code condition} after every step of the current run; a step after which it is false fails the run
     * with {@link Failure.Kind#ASSERTION}, naming the invariant.
     */
    public static void always(String name, BooleanSupplier condition) {
        Objects.requireNonNull(name, "Invariant.always: name must not be null");
        Objects.requireNonNull(condition, "Invariant.always: condition must not be null");
        if (!Engine.registerInvariant(name, condition) && !condition.getAsBoolean()) {
            throw new AssertionError("invariant violated: " + name);
        }
    }
}
