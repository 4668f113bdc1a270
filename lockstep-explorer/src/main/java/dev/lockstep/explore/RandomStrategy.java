package dev.lockstep.explore;

import dev.lockstep.explore.internal.Chooser;
import dev.lockstep.explore.internal.RandomChooser;

/**
 * Random walk: at every scheduling point, each runnable task is chosen with equal probability. The baseline that PCT
 * improves on; it needs no parameter and finds shallow races fast.
 */
final class RandomStrategy implements Strategy, Chooser.Factory {
    @Override
    public Chooser newChooser(long seed) {
        return new RandomChooser(seed);
    }

    @Override
    public String describe() {
        return "random";
    }

    @Override
    public String toString() {
        return describe();
    }
}
