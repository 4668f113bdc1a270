package dev.lockstep.explore.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@code Strategy.pct(depth)} (Burckhardt et al., ASPLOS 2010). Each task draws a random priority at creation, above
 * {@code depth}; the enabled task with the highest priority runs; at each of {@code depth - 1} change points, drawn
 * uniformly from the first k decisions of the run, the task about to run drops to a priority below every initial one
 * (the i-th change point to {@code depth - 1 - i}). k is the exploration's estimate of a run's length, which it takes
 * from earlier runs.
 */
final class PctChooser implements Chooser {
    private final long seed;
    private final int depth;
    private SplittableRandom random;
    private long[] priority = new long[16];
    private int[] changePoints = new int[0];
    private int nextChange;

    PctChooser(long seed, int depth) {
        this.seed = seed;
        this.depth = depth;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void begin(int iteration, int lengthHint) {
        random = new SplittableRandom(Chooser.mix(seed, iteration));
        changePoints = new int[depth - 1];
        for (int i = 0; i < changePoints.length; i++) {
            changePoints[i] = random.nextInt(lengthHint);
        }
        Arrays.sort(changePoints);
        nextChange = 0;
    }

    @Override
    public void taskCreated(int id, String name) {
        if (id >= priority.length) {
            priority = Arrays.copyOf(priority, Math.max(id + 1, priority.length * 2));
        }
        priority[id] = depth + random.nextLong(1L << 40);
    }

    @Override
    public int choose(int[] enabled, int n, int last, int decision) {
        while (nextChange < changePoints.length && changePoints[nextChange] <= decision) {
            priority[highest(enabled, n)] = depth - 1 - nextChange;
            nextChange++;
        }
        return highest(enabled, n);
    }

    /** A coin of pct is random (priorities are for tasks); the change points count it as a decision. */
    @Override
    public int coin(int decision) {
        return random.nextInt(2);
    }

    private int highest(int[] enabled, int n) {
        int best = enabled[0];
        for (int i = 1; i < n; i++) {
            if (priority[enabled[i]] > priority[best]) {
                best = enabled[i];
            }
        }
        return best;
    }
}
