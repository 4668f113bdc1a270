package dev.lockstep.explore;

import dev.lockstep.explore.internal.Exploration;
import dev.lockstep.explore.internal.Options;
import dev.lockstep.explore.internal.Shard;
import dev.lockstep.explore.internal.Schedule;
import dev.lockstep.internal.Names;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Finds the races of a {@link Scenario} by taking over the scheduling of its virtual threads and running it under one
 * interleaving after another, chosen by a {@link Strategy}. A failure comes back with a shrunk schedule, a readable
 * trace, and a string that replays it exactly.
 *
 * {@snippet :
 * Report report = Explorer.builder()
 *         .strategy(Strategy.pct(3))
 *         .iterations(10_000)
 *         .build()
 *         .explore(() -> {
 *             Counter c = new Counter();
 *             try (TaskGroup g = TaskGroup.open()) {
 *                 for (int i = 0; i < 3; i++) g.spawn(() -> { c.increment(); return null; });
 *             }
 *             assert c.value() == 3;
 *         });
 * report.assertNoFailure();   // AssertionError: the failure, its trace, and how to replay it
 * }
 *
 * <p><b>What is controlled.</b> The scenario runs in a virtual thread on a carrier the explorer owns, and so does every
 * virtual thread it starts, directly or not ({@code Thread.ofVirtual()}, {@code
 * Executors.newVirtualThreadPerTaskExecutor()}, {@code TaskGroup}). Exactly one of them runs at a time.
 *
 * <p><b>Scheduling points.</b> Every operation of a Lockstep primitive (even an uncontended one), every hand-off,
 * {@code Checkpoint.yieldNow()}, {@code Clock.sleep}, and wherever a task blocks, yields or ends. {@code
 * java.util.concurrent} locks, queues and latches work too: they park.
 *
 * <p><b>Time.</b> {@code Clock} and the timeouts of Lockstep primitives run on virtual time, which jumps to the next
 * deadline whenever no task can run. With the Lockstep agent attached, so do {@code Thread.sleep} and every timed
 * wait of the JDK, and {@code System.nanoTime} and {@code currentTimeMillis} in instrumented code read it (from
 * 2026-01-01T00:00:00Z); without it they take real time, and the report says how much.
 *
 * <p><b>With the agent.</b> Monitors, {@code java.util.concurrent} calls, {@code Object.wait/notify}, field and array
 * accesses and loop back edges of instrumented classes are scheduling points too; {@link Report#model()} says which
 * model an exploration saw.
 *
 * <p><b>Parallelism.</b> Schedules are independent runs, so {@code random} and {@code pct} run several at once, one per
 * carrier ({@link Builder#parallelism(int)}, by default one per available processor); {@code dfs}, whose next schedule
 * depends on the last, runs one at a time. The result never depends on it: the same seed reports the same first
 * failure (that of the lowest failing iteration), the same counts and the same schedule strings. A scenario must
 * therefore keep its state to itself, as it must anyway to be run again: two runs of it may be in progress at once,
 * each in its own threads, so state shared between runs (a static field, an object captured from outside) is shared
 * between simultaneous runs too.
 *
 * <p><b>Failures.</b> An assertion or exception in any task, a deadlock, a run longer than {@link
 * Builder#maxSteps(int)}, tasks left running when the scenario returns, and a replay that leaves its schedule (or a
 * thread outside the explorer's control taking part): see {@link Failure.Kind}.
 *
 * <p><b>Requirements.</b> {@code --add-opens java.base/java.lang=ALL-UNNAMED}, as for {@code dev.lockstep.task.Loop}.
 */
public final class Explorer {
    private final Options options;

    private Explorer(Options options) {
        this.options = options;
    }

    /**
     * A builder with the {@link Defaults}: {@code pct(3)}, 1000 iterations, a random seed, 10,000 steps, 60 s, one
     * worker per available processor.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code scenario} under one schedule after another until a run fails, the iterations or the time run out, or
     * a {@code dfs} search is exhausted.
     */
    public Report explore(Scenario scenario) {
        Objects.requireNonNull(scenario, "Explorer.explore: scenario must not be null");
        return new Exploration(scenario, options).explore();
    }

    /**
     * Runs {@code scenario} once, following {@code schedule} (a {@link Failure#schedule()}) step for step. If the run
     * cannot follow it, the report's failure is {@link Failure.Kind#NONDETERMINISM}, naming the step.
     *
     * @throws IllegalArgumentException if {@code schedule} is not a schedule string
     */
    public Report replay(Scenario scenario, String schedule) {
        Objects.requireNonNull(scenario, "Explorer.replay: scenario must not be null");
        Objects.requireNonNull(schedule, "Explorer.replay: schedule must not be null");
        int[] decisions = Schedule.decode(schedule);
        return new Exploration(scenario, options).replay(decisions, schedule.strip());
    }

    /** The settings, e.g. {@code pct(3), 1000 iterations, seed 42}. */
    @Override
    public String toString() {
        return options.strategy().describe() + ", " + options.iterations() + " iterations, seed " + options.seed()
                + ", max " + options.maxSteps() + " steps, time limit " + options.timeLimit() + ", parallelism "
                + options.parallelism();
    }

    /** Settings of an {@link Explorer}. */
    public static final class Builder {
        private Strategy strategy = Strategy.pct(Defaults.PCT_DEPTH);
        private int iterations = Defaults.ITERATIONS;
        private Long seed;
        private int maxSteps = Defaults.MAX_STEPS;
        private Duration timeLimit = Duration.ofSeconds(Defaults.TIME_LIMIT_SECONDS);
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private boolean spuriousWakeups;
        private boolean races = true;
        private Consumer<Progress> onProgress;
        private Shard shard = Shard.ALL;

        private Builder() {}

        /** Calls {@code listener} about ten times a second during an exploration, and once at its end. */
        public Builder onProgress(Consumer<Progress> listener) {
            this.onProgress = Objects.requireNonNull(listener, "Explorer.Builder: onProgress listener must not be null");
            return this;
        }

        /** How to choose the next task (default {@code Strategy.pct(3)}). */
        public Builder strategy(Strategy s) {
            this.strategy = Objects.requireNonNull(s, "Explorer.Builder: strategy must not be null");
            return this;
        }

        /**
         * How many schedules to run at most (default 1000).
         *
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder iterations(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("Explorer.Builder: iterations must be >= 1, got " + n);
            }
            this.iterations = n;
            return this;
        }

        /** The seed of every random choice (default: a random one, always printed in reports). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The most scheduling steps one run may take; a run that takes more fails with {@link
         * Failure.Kind#STEP_LIMIT} (default 10,000).
         *
         * @throws IllegalArgumentException if {@code steps} is less than 1
         */
        public Builder maxSteps(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("Explorer.Builder: maxSteps must be >= 1, got " + steps);
            }
            this.maxSteps = steps;
            return this;
        }

        /**
         * How long the whole exploration may take in real time; it stops (without a failure) when that is spent
         * (default 60 s).
         *
         * @throws IllegalArgumentException if {@code d} is zero or negative
         */
        public Builder timeLimit(Duration d) {
            this.timeLimit = Names.requirePositive("Explorer.Builder", "timeLimit", d);
            return this;
        }

        /**
         * How many schedules may run at once, each on a carrier of its own (default: the number of available
         * processors; 1 runs them one after another on the calling thread). Only {@code random} and {@code pct} use
         * more than one; the result is the same whatever the number.
         *
         * @throws IllegalArgumentException if {@code n} is less than 1
         */
        public Builder parallelism(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("Explorer.Builder: parallelism must be >= 1, got " + n);
            }
            this.parallelism = n;
            return this;
        }

        /**
         * Runs only the {@code index}-th (from 1) of {@code count} disjoint parts of the schedules, so that {@code
         * count} machines, each given another index, together run exactly the schedules of the unsharded
         * exploration (for {@code dfs}: when its search is exhausted within the iteration limit). Each part stops at
         * its own first failure and reports it as the unsharded run would, with a schedule that replays anywhere.
         * A part's "verified" covers that part only, and says so. Default: {@code 1/1}, everything.
         *
         * @throws IllegalArgumentException if not {@code 1 <= index <= count}
         */
        public Builder shard(int index, int count) {
            try {
                this.shard = new Shard(index, count);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Explorer.Builder: " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * As {@link #shard(int, int)}, from text of the form {@code I/N} (the command line's {@code --shard} and
         * JUnit's {@code -Dlockstep.shard}).
         *
         * @throws IllegalArgumentException if the text is not of that form, or not {@code 1 <= I <= N}
         */
        public Builder shard(String spec) {
            Shard s = Shard.parse(spec);
            return shard(s.index(), s.count());
        }

        /**
         * Whether {@code Object.wait} and {@code LockSupport.park} in instrumented code may return without a
         * wake-up, as the JDK allows (default false): a decision of the strategy at each such wait, so that waiting
         * with {@code if} instead of {@code while} is found. Needs the Lockstep agent.
         */
        public Builder spuriousWakeups(boolean on) {
            this.spuriousWakeups = on;
            return this;
        }

        /**
         * Whether each run detects data races (default true; it needs the Lockstep agent, which shows the explorer
         * every field and array access): two accesses to one field or element, at least one a write, with no
         * happens-before order between them, fail the run with {@link Failure.Kind#DATA_RACE} even when its
         * assertions pass. Happens-before comes from every synchronization the run sees: Lockstep's primitives,
         * monitors, volatile fields, {@code java.util.concurrent} calls, thread start and join, tasks handed to
         * executors, and every wake-up of a parked task. Off, the runs are faster and only failures count.
         */
        public Builder races(boolean on) {
            this.races = on;
            return this;
        }

        /**
         * The explorer.
         *
         * @throws IllegalStateException if a shard was asked for without a seed: the parts of one exploration must
         *     share its seed
         */
        public Explorer build() {
            if (!shard.whole() && seed == null && !(strategy instanceof Strategy.Dfs)) {
                throw new IllegalStateException("Explorer.Builder: shard " + shard.index() + "/" + shard.count()
                        + " needs a seed, the same for every shard, so that together they run one exploration");
            }
            long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
            return new Explorer(new Options(strategy, iterations, s, maxSteps, timeLimit, parallelism, spuriousWakeups,
                    races, onProgress, shard));
        }
    }
}
