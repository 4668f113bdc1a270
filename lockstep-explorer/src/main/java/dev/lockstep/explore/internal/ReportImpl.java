package dev.lockstep.explore.internal;

import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Report;
import java.time.Duration;
import java.util.Optional;

/** What an exploration or a replay found. */
public final class ReportImpl implements Report {
    private final FailureImpl failure;
    private final int iterations;
    private final boolean exhausted;
    private final long elapsedNanos;
    private final long seed;
    private final String strategy;
    private final String stoppedBy;
    private final long realWaitNanos;
    private final String realWaitWhere;
    private final long steps;
    private final int workers;
    private final Model model;
    /** What the scenario synchronizes with that this model could not see; empty with the agent. */
    private final java.util.Set<String> unseen;
    private static final String REPLAY = "Replay it: explorer.replay(scenario, \"%s\")";

    public ReportImpl(FailureImpl failure, int iterations, boolean exhausted, long elapsedNanos, long seed,
            String strategy, String stoppedBy, long realWaitNanos, String realWaitWhere, long steps, int workers,
            Model model,
            java.util.Set<String> unseen) {
        this.failure = failure;
        this.iterations = iterations;
        this.exhausted = exhausted && unseen.isEmpty();
        this.elapsedNanos = elapsedNanos;
        this.seed = seed;
        this.strategy = strategy;
        this.stoppedBy = stoppedBy;
        this.realWaitNanos = realWaitNanos;
        this.realWaitWhere = realWaitWhere;
        this.steps = steps;
        this.workers = workers;
        this.model = model;
        this.unseen = java.util.Set.copyOf(unseen);
    }

    @Override
    public String model() {
        return model.describe();
    }

    @Override
    public long steps() {
        return steps;
    }

    /** How many workers ran the iterations at once. */
    public int workers() {
        return workers;
    }

    @Override
    public boolean failed() {
        return failure != null;
    }

    @Override
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public int iterations() {
        return iterations;
    }

    @Override
    public boolean exhausted() {
        return exhausted;
    }

    @Override
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public String strategy() {
        return strategy;
    }

    @Override
    public String stoppedBy() {
        return stoppedBy;
    }

    @Override
    public Duration realTimeWaited() {
        return Duration.ofNanos(realWaitNanos);
    }

    @Override
    public void assertNoFailure() {
        if (failure != null) {
            AssertionError e = new AssertionError(summary(REPLAY));
            failure.cause().ifPresent(e::initCause);
            throw e;
        }
    }

    @Override
    public String summary() {
        return summary(REPLAY);
    }

    @Override
    public String summary(String replayInstruction) {
        StringBuilder sb = new StringBuilder();
        if (failure == null) {
            if (exhausted) {
                sb.append("Verified: ").append(strategy).append(" ran all ").append(iterations)
                        .append(" schedules within its bound and none failed");
            } else if (!unseen.isEmpty() && "exhausted".equals(stoppedBy)) {
                sb.append("Not verified: ").append(strategy).append(" ran all ").append(iterations)
                        .append(" schedules it could tell apart and none failed, but the scenario also uses ")
                        .append(String.join(", ", unseen)).append(", whose operations were no scheduling points");
            } else {
                sb.append("No failure in ").append(iterations).append(iterations == 1 ? " schedule" : " schedules");
                if (!"iterations".equals(stoppedBy)) {
                    sb.append(" (stopped by the ").append(stoppedBy).append(')');
                }
            }
            sb.append(" (").append(strategy).append(", seed ").append(seed).append(", ").append(millis(elapsedNanos))
                    .append(")");
        } else {
            sb.append("Lockstep found a bug, ").append(failure.kind()).append(", after ")
                    .append(FailureImpl.plural(iterations, "schedule")).append(" (").append(strategy)
                    .append(", seed ").append(seed).append(", iteration ").append(failure.iteration()).append("):\n")
                    .append(indent(failure.message())).append("\n\n")
                    .append("Smallest failing interleaving, ").append(failure.sizeText()).append(":\n")
                    .append(failure.trace().toText()).append('\n')
                    .append(replayInstruction.replace("%s", failure.schedule()));
        }
        if (failure == null) {
            sb.append("\nModel: ").append(model.describe()).append('.');
            if (!unseen.isEmpty()) {
                sb.append(" The scenario also uses ").append(String.join(", ", unseen)).append(", which are no")
                        .append(" scheduling points here unless they block: attach the Lockstep agent")
                        .append(" (-javaagent:lockstep-agent.jar) to explore their interleavings too.");
            }
        }
        if (realWaitNanos > 1_000_000) {
            sb.append("\nNote: the scenario waited ").append(millis(realWaitNanos))
                    .append(" of real time in waits the explorer could not make virtual")
                    .append(realWaitWhere == null ? "" : " (in the first run that did: " + realWaitWhere + ")")
                    .append(model.agent() ? "; they wait for threads outside its control (I/O, a thread it does not run)"
                            : "; attach the Lockstep agent and Thread.sleep and the JDK's timed waits are virtual too,"
                                    + " as Clock.sleep and Lockstep's timeouts are")
                    .append('.');
        }
        return sb.toString();
    }

    @Override
    public String toJson() {
        return "{\"failed\":" + failed() + ",\"iterations\":" + iterations + ",\"exhausted\":" + exhausted
                + ",\"elapsedMillis\":" + elapsedNanos / 1_000_000 + ",\"model\":" + Json.string(model.describe())
                + ",\"seed\":" + seed + ",\"strategy\":"
                + Json.string(strategy) + ",\"stoppedBy\":" + Json.string(stoppedBy) + ",\"realTimeWaitedMillis\":"
                + realWaitNanos / 1_000_000 + ",\"realTimeWaitedFor\":" + Json.string(realWaitWhere)
                + ",\"steps\":" + steps + ",\"failure\":"
                + (failure == null ? "null" : failure.toJson()) + "}";
    }

    @Override
    public String toString() {
        return summary();
    }

    private static String indent(String s) {
        return "  " + s.replace("\n", "\n  ");
    }

    private static String millis(long nanos) {
        long ms = nanos / 1_000_000;
        return ms >= 10_000 ? (ms / 1000) + " s" : ms + " ms";
    }
}
