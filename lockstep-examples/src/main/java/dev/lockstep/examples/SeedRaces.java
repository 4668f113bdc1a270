package dev.lockstep.examples;

import dev.lockstep.junit.ExploreTest;

/**
 * The seed's races as explorer tests, for the command line ({@code ./lockstep explore
 * dev.lockstep.examples.SeedRaces}) and the demo. The bad versions fail; the better ones are verified.
 */
public class SeedRaces {

    /** Scenario 1, bad: three read-suspend-write increments lose updates. */
    @ExploreTest(strategy = "pct", depth = 3, iterations = 1000)
    public void lostUpdate() throws Exception {
        LostUpdate.bad(3).run();
    }

    /** Scenario 1, better: the Mutex version, verified within two preemptions. */
    @ExploreTest(strategy = "dfs", maxPreemptions = 2, iterations = 100_000)
    public void lostUpdateWithMutex() throws Exception {
        LostUpdate.better(3).run();
    }
}
