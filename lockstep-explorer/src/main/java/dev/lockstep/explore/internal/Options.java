package dev.lockstep.explore.internal;

import dev.lockstep.explore.Progress;
import dev.lockstep.explore.Strategy;
import dev.lockstep.internal.Durations;
import java.time.Duration;
import java.util.function.Consumer;

/** The settings of one exploration, as the public builder collected them. */
public record Options(Strategy strategy, int iterations, long seed, int maxSteps, Duration timeLimit,
        int parallelism, boolean spuriousWakeups, boolean races, Consumer<Progress> onProgress, Shard shard) {

    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

    /** Tells the listener, if any, where the exploration stands; at most every 100 ms unless {@code last}. */
    long progress(long lastNanos, long startNanos, int done, int failures, boolean last) {
        if (onProgress == null) {
            return lastNanos;
        }
        long now = System.nanoTime();
        if (!last && now - lastNanos < PROGRESS_EVERY_NANOS) {
            return lastNanos;
        }
        onProgress.accept(new Progress(done, iterations, failures, Duration.ofNanos(now - startNanos), timeLimit));
        return now;
    }

    /** What each run of an exploration with {@code deadline} is held to and sees. */
    RunLimits limits(long deadline) {
        Model model = Model.current(races);
        return new RunLimits(maxSteps, deadline, model.fields(), spuriousWakeups, model.races());
    }

    /** The wall-clock deadline of an exploration that starts at {@code startNanos}. */
    long deadline(long startNanos) {
        return startNanos + Math.min(Durations.saturatedNanos(timeLimit), Long.MAX_VALUE / 2);
    }
}
