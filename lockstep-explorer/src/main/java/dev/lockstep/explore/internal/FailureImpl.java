package dev.lockstep.explore.internal;

import dev.lockstep.explore.Failure;
import dev.lockstep.explore.Step;
import dev.lockstep.explore.Trace;
import java.util.Optional;

/** A failure found by a run, with its shrunk schedule and trace. */
public record FailureImpl(Kind kind, String message, String schedule, long seed, int iteration, Trace trace,
        Throwable causeOrNull, int originalPreemptions, int preemptions, int originalSteps, int steps)
        implements Failure {

    @Override
    public Optional<Throwable> cause() {
        return Optional.ofNullable(causeOrNull);
    }

    /**
     * "1 preemption, 16 steps (shrunk from 5 preemptions)": the steps are the rows of the trace that follows, so the
     * count matches what the reader sees; the run as first found has no trace, so only its preemptions are compared.
     */
    public String sizeText() {
        int rows = trace.steps().isEmpty() ? steps : trace.steps().size();
        String now = plural(preemptions, "preemption") + ", " + plural(rows, "step");
        if (originalPreemptions != preemptions) {
            return now + " (shrunk from " + plural(originalPreemptions, "preemption") + ")";
        }
        return originalSteps != steps ? now + " (shrunk from a longer run)" : now;
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"kind\":").append(Json.string(kind.name()));
        sb.append(",\"message\":").append(Json.string(message));
        sb.append(",\"schedule\":").append(Json.string(schedule));
        sb.append(",\"seed\":").append(seed);
        sb.append(",\"iteration\":").append(iteration);
        sb.append(",\"preemptions\":").append(preemptions);
        sb.append(",\"originalPreemptions\":").append(originalPreemptions);
        sb.append(",\"steps\":").append(steps);
        sb.append(",\"originalSteps\":").append(originalSteps);
        sb.append(",\"cause\":").append(causeOrNull == null ? "null" : Json.string(causeOrNull.toString()));
        sb.append(",\"tasks\":[");
        for (int i = 0; i < trace.tasks().size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Json.string(trace.tasks().get(i)));
        }
        sb.append("],\"trace\":[");
        boolean first = true;
        for (Step s : trace.steps()) {
            sb.append(first ? "" : ",").append("{\"index\":").append(s.index()).append(",\"task\":").append(s.task())
                    .append(",\"kind\":").append(Json.string(s.kind().name())).append(",\"text\":")
                    .append(Json.string(s.text())).append(",\"object\":").append(Json.string(s.object()))
                    .append(",\"location\":").append(Json.string(s.location())).append(",\"target\":")
                    .append(s.target()).append('}');
            first = false;
        }
        return sb.append("]}").toString();
    }
}
