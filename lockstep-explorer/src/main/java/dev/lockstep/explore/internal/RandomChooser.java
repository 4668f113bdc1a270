package dev.lockstep.explore.internal;

import java.util.SplittableRandom;

/** {@code Strategy.random()}: a uniform choice at every decision, from a source seeded per iteration. */
final class RandomChooser implements Chooser {
    private final long seed;
    private SplittableRandom random;

    RandomChooser(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void begin(int iteration, int lengthHint) {
        random = new SplittableRandom(Chooser.mix(seed, iteration));
    }

    @Override
    public int choose(int[] enabled, int n, int last, int decision) {
        return enabled[random.nextInt(n)];
    }
}
