package dev.lockstep.explore.internal;

import dev.lockstep.explore.Step;
import dev.lockstep.explore.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A recorded trace and its two renderings. The formats are pinned by golden files in the tests. */
public final class TraceImpl implements Trace {
    private static final int MAX_COLUMN = 44;

    private final List<Step> steps;
    private final List<String> tasks;

    public TraceImpl(List<Step> steps, List<String> tasks) {
        this.steps = List.copyOf(steps);
        this.tasks = List.copyOf(tasks);
    }

    @Override
    public List<Step> steps() {
        return steps;
    }

    @Override
    public List<String> tasks() {
        return tasks;
    }

    /** The number of preemptions the trace shows. */
    public int preemptions() {
        int n = 0;
        for (Step s : steps) {
            if (s.kind() == Step.Kind.PREEMPTED) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toText() {
        int columns = tasks.size();
        int[] width = new int[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = Math.max(8, tasks.get(c).length());
        }
        for (Step s : steps) {
            if (s.task() >= 0) {
                for (String line : cell(s)) {
                    width[s.task()] = Math.max(width[s.task()], line.length());
                }
            }
        }
        int stepWidth = Math.max(4, String.valueOf(steps.size()).length());
        StringBuilder sb = new StringBuilder();
        sb.append(tasks.size()).append(tasks.size() == 1 ? " task, " : " tasks, ").append(preemptions())
                .append(preemptions() == 1 ? " preemption" : " preemptions").append('\n');
        StringBuilder header = new StringBuilder(pad("step", stepWidth, true));
        StringBuilder rule = new StringBuilder("-".repeat(stepWidth));
        for (int c = 0; c < columns; c++) {
            header.append(" | ").append(pad(tasks.get(c), width[c], false));
            rule.append("-+-").append("-".repeat(width[c]));
        }
        sb.append(header.toString().stripTrailing()).append('\n').append(rule).append('\n');
        for (Step s : steps) {
            if (s.task() < 0) {
                sb.append(pad(String.valueOf(s.index()), stepWidth, true)).append(" | ~~ ").append(s.text())
                        .append(" ~~\n");
                continue;
            }
            List<String> lines = cell(s);
            for (int l = 0; l < lines.size(); l++) {
                StringBuilder row = new StringBuilder(pad(l == 0 ? String.valueOf(s.index()) : "", stepWidth, true));
                for (int c = 0; c < columns; c++) {
                    row.append(" | ").append(pad(c == s.task() ? lines.get(l) : "", width[c], false));
                }
                sb.append(row.toString().stripTrailing()).append('\n');
            }
        }
        return sb.toString();
    }

    /** A step's cell: its text wrapped at word boundaries, then its location on a line of its own if it does not fit. */
    private static List<String> cell(Step s) {
        List<String> lines = new ArrayList<>();
        String full = s.describe();
        if (full.length() <= MAX_COLUMN) {
            lines.add(full);
            return lines;
        }
        StringBuilder line = new StringBuilder();
        for (String word : s.text().split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > MAX_COLUMN) {
                lines.add(line.toString());
                line.setLength(0);
                line.append("  ");
            }
            if (line.length() > 0 && !line.toString().isBlank()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        if (!s.location().isEmpty()) {
            lines.add("  at " + s.location());
        }
        return lines;
    }

    @Override
    public String toMermaid() {
        StringBuilder sb = new StringBuilder("sequenceDiagram\n");
        for (int c = 0; c < tasks.size(); c++) {
            sb.append("    participant T").append(c).append(" as ").append(mermaid(tasks.get(c))).append('\n');
        }
        Map<String, String> objects = new LinkedHashMap<>();
        for (Step s : steps) {
            if (!s.object().isEmpty() && !objects.containsKey(s.object())) {
                String id = "P" + objects.size();
                objects.put(s.object(), id);
                sb.append("    participant ").append(id).append(" as ").append(mermaid(s.object())).append('\n');
            }
        }
        String all = tasks.size() == 1 ? "T0" : "T0,T" + (tasks.size() - 1);
        for (Step s : steps) {
            String me = "T" + s.task();
            String text = mermaid(s.describe());
            switch (s.kind()) {
                case START -> sb.append("    ").append(me).append("->>T").append(s.target()).append(": start\n");
                case HAND_OFF, WAKE -> sb.append("    ").append(me).append(s.kind() == Step.Kind.WAKE ? "-->>T" : "->>T")
                        .append(s.target()).append(": ").append(mermaid(withoutTarget(s))).append('\n');
                case TIME -> sb.append("    Note over ").append(all).append(": ").append(text).append('\n');
                case PARK -> {
                    String object = objects.get(s.object());
                    if (s.target() >= 0) {
                        sb.append("    ").append(me).append("--xT").append(s.target()).append(": ")
                                .append(mermaid(withoutTarget(s))).append('\n');
                    } else if (object != null) {
                        String verb = mermaid(s.describe().replace(" for " + s.object(), ""));
                        sb.append("    ").append(me).append("--x").append(object).append(": ").append(verb)
                                .append('\n');
                    } else {
                        sb.append("    Note over ").append(me).append(": ").append(text).append('\n');
                    }
                }
                case PREEMPTED -> sb.append("    Note over ").append(me).append(": ").append(text).append('\n');
                default -> {
                    String object = objects.get(s.object());
                    if (object != null && s.kind() == Step.Kind.OP) {
                        String verb = mermaid(s.describe().replace(s.object(), "").replace("  ", " ").strip());
                        sb.append("    ").append(me).append("->>").append(object).append(": ").append(verb)
                                .append('\n');
                    } else {
                        sb.append("    Note over ").append(me).append(": ").append(text).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    private String withoutTarget(Step s) {
        String name = s.target() >= 0 && s.target() < tasks.size() ? tasks.get(s.target()) : "";
        String t = s.text();
        if (t.endsWith(" to " + name)) {
            return t.substring(0, t.length() - name.length() - 4);
        }
        if (t.endsWith(" " + name)) {
            return t.substring(0, t.length() - name.length() - 1);
        }
        return t;
    }

    /** Mermaid takes ; and # as syntax, and quotes are safest as single quotes. */
    private static String mermaid(String s) {
        return s.replace(';', ',').replace("#", "no. ").replace('"', '\'').replace("\n", " ");
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        String spaces = " ".repeat(width - s.length());
        return right ? spaces + s : s + spaces;
    }
}
