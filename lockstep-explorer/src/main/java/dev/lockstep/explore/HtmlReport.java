package dev.lockstep.explore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import dev.lockstep.explore.internal.FailureImpl;

/**
 * Renders a {@link Report} as one self-contained HTML file (no network, no CDN, no external script): the outcome, the
 * failing interleaving drawn as an SVG picture (one lane per task, steps top to bottom, arrows for starts, hand-offs
 * and wake-ups, preemptions marked), the trace as text, the seed, the schedule and the command that replays it.
 *
 * {@snippet :
 * Report report = explorer.explore(scenario);
 * HtmlReport.write(report, Path.of("lockstep-report.html"), "Counter race", "./lockstep replay CounterTest#count %s");
 * }
 */
public final class HtmlReport {
    /** The narrowest and widest lane; between them a lane is as wide as the longest label needs. */
    private static final int MIN_LANE = 200;
    private static final int MAX_LANE = 340;
    /** Width of one character of the picture's 12px monospace font, rounded up. */
    private static final double CHAR = 7.3;
    private static final int ROW = 34;
    private static final int LEFT = 56;
    private static final int TOP = 64;
    private static final String[] COLORS = {"#3b6fb6", "#d9822b", "#2e9e6a", "#9b59b6", "#c0392b", "#16a3b8",
        "#7f8c2d", "#b8437e"};

    private HtmlReport() {}

    /**
     * Writes the report to {@code file}.
     *
     * @param title the page's heading, e.g. the scenario's name
     * @param replayCommand how to replay the failure, with {@code %s} for the schedule; may be null
     */
    public static void write(Report report, Path file, String title, String replayCommand) throws IOException {
        Objects.requireNonNull(file, "HtmlReport.write: file must not be null");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(report, title, replayCommand), StandardCharsets.UTF_8);
    }

    /** The report as an HTML page. */
    public static String render(Report report, String title, String replayCommand) {
        Objects.requireNonNull(report, "HtmlReport.render: report must not be null");
        String heading = title == null ? "Lockstep report" : title;
        StringBuilder sb = new StringBuilder(16_384);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(heading)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(esc(heading)).append("</h1>\n");
        Failure f = report.failure().orElse(null);
        if (f == null) {
            sb.append("<p class=\"banner ok\">").append(esc(report.exhausted()
                    ? "Verified: every schedule within the bound passed." : "No failure found.")).append("</p>\n");
        } else {
            sb.append("<p class=\"banner bad\">").append(esc(f.kind().name())).append(": ")
                    .append(esc(firstLine(f.message()))).append("</p>\n");
        }
        sb.append("<table class=\"facts\">\n");
        fact(sb, "strategy", report.strategy());
        fact(sb, "seed", Long.toString(report.seed()));
        fact(sb, "schedules run", Integer.toString(report.iterations()) + (report.exhausted() ? " (exhausted)" : ""));
        fact(sb, "time", report.elapsed().toMillis() + " ms");
        fact(sb, "model", report.model());
        if (f != null) {
            fact(sb, "found in iteration", Integer.toString(f.iteration()));
            fact(sb, "smallest schedule", (f instanceof FailureImpl fi ? fi.sizeText() + "; "
                    : f.preemptions() + " preemption(s); ") + "the trace below shows its "
                    + f.trace().steps().size() + " steps");
            fact(sb, "schedule", f.schedule());
            if (replayCommand != null) {
                fact(sb, "replay", replayCommand.replace("%s", f.schedule()));
            }
        }
        if (report.realTimeWaited().toMillis() > 0) {
            fact(sb, "real time waited", report.realTimeWaited().toMillis()
                    + " ms in waits that cannot be virtual (Thread.sleep, JDK timed waits)");
        }
        sb.append("</table>\n");
        if (f != null) {
            if (f.message().contains("\n")) {
                sb.append("<pre class=\"message\">").append(esc(f.message())).append("</pre>\n");
            }
            sb.append("<h2>The interleaving</h2>\n");
            sb.append("<div class=\"picture\">\n");
            svg(sb, f.trace());
            sb.append("</div>\n");
            sb.append(LEGEND);
            sb.append("<h2>Trace</h2>\n<pre class=\"trace\">").append(esc(f.trace().toText())).append("</pre>\n");
            sb.append("<details><summary>Mermaid source</summary>\n<pre>").append(esc(f.trace().toMermaid()))
                    .append("</pre></details>\n");
        }
        sb.append("<p class=\"foot\">").append(esc(report.summary().lines().findFirst().orElse("")))
                .append("</p>\n<p id=\"render-check\" hidden></p>\n<script>\n").append(CHECK)
                .append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void svg(StringBuilder sb, Trace trace) {
        List<String> tasks = trace.tasks();
        List<Step> steps = trace.steps();
        // Each lane as wide as its own longest label needs, within bounds; longer labels are clipped, whole in the
        // tooltip and in the text trace below.
        int[] longest = new int[Math.max(1, tasks.size())];
        for (Step s : steps) {
            if (s.task() >= 0 && s.task() < longest.length && s.kind() != Step.Kind.START
                    && s.kind() != Step.Kind.HAND_OFF && s.kind() != Step.Kind.WAKE) {
                longest[s.task()] = Math.max(longest[s.task()], s.text().length() + 2);
            }
        }
        int[] left = new int[longest.length + 1];
        left[0] = LEFT;
        for (int t = 0; t < longest.length; t++) {
            int name = t < tasks.size() ? tasks.get(t).length() : 0;
            left[t + 1] = left[t] + (int) Math.max(MIN_LANE, Math.min(MAX_LANE,
                    Math.ceil(Math.max(longest[t], name) * CHAR) + 36));
        }
        Lanes lanes = new Lanes(left);
        int width = left[left.length - 1] + 20;
        int height = TOP + ROW * (steps.size() + 1);
        sb.append("<svg id=\"interleaving\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"interleaving of ").append(tasks.size())
                .append(" tasks\">\n<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\""
                        + " markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5"
                        + " L0,10 z\" fill=\"#444\"/></marker><marker id=\"racehead\" viewBox=\"0 0 10 10\" refX=\"9\""
                        + " refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path"
                        + " d=\"M0,0 L10,5 L0,10 z\" fill=\"#c0392b\"/></marker></defs>\n");
        for (int t = 0; t < tasks.size(); t++) {
            int x = lanes.x(t);
            String color = COLORS[t % COLORS.length];
            sb.append("<g class=\"lane\"><rect x=\"").append(lanes.left(t) + 8).append("\" y=\"12\" width=\"")
                    .append(lanes.width(t) - 16).append("\" height=\"30\" rx=\"6\" fill=\"").append(color)
                    .append("\"/><text x=\"").append(x).append("\" y=\"32\" class=\"head\">")
                    .append(esc(clip(tasks.get(t), lanes.chars(t)))).append("</text><line x1=\"").append(x)
                    .append("\" y1=\"42\" x2=\"")
                    .append(x).append("\" y2=\"").append(height - 8).append("\" stroke=\"").append(color)
                    .append("\" stroke-opacity=\"0.35\" stroke-width=\"3\"/></g>\n");
        }
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            int y = TOP + ROW * i + ROW / 2;
            sb.append("<text x=\"8\" y=\"").append(y + 4).append("\" class=\"num\">").append(s.index())
                    .append("</text>\n");
            if (s.task() < 0) {
                sb.append("<g class=\"step time\"><line x1=\"").append(LEFT).append("\" y1=\"").append(y)
                        .append("\" x2=\"").append(width - 10).append("\" y2=\"").append(y)
                        .append("\" stroke=\"#888\" stroke-dasharray=\"6 4\"/><text x=\"").append(LEFT + 6)
                        .append("\" y=\"").append(y - 4).append("\" class=\"time\">").append(esc(s.text()))
                        .append("</text></g>\n");
                continue;
            }
            int x = lanes.x(s.task());
            String color = COLORS[s.task() % COLORS.length];
            int box = lanes.width(s.task()) - 20;
            int chars = lanes.chars(s.task());
            switch (s.kind()) {
                case START, HAND_OFF, WAKE -> arrow(sb, s, x, lanes.x(Math.max(0, s.target())), y);
                case PREEMPTED -> sb.append("<g class=\"step preemption\"><title>").append(esc(s.describe()))
                        .append("</title><rect x=\"").append(x - box / 2).append("\" y=\"").append(y - 12)
                        .append("\" width=\"").append(box).append("\" height=\"24\" rx=\"4\" fill=\"#fdecea\""
                                + " stroke=\"#c0392b\" stroke-width=\"2\"/><text x=\"").append(x).append("\" y=\"")
                        .append(y + 4).append("\" class=\"pre\">⚡ ").append(esc(clip(s.text(), chars - 2)))
                        .append("</text></g>\n");
                default -> node(sb, s, x, y, color, box, chars);
            }
        }
        raceArrow(sb, steps, lanes);
        sb.append("</svg>\n");
    }

    /** The narrator's words for the access a data race's last step raced with: "(write by t1 at Foo.java:12)". */
    private static final java.util.regex.Pattern RACED_WITH = java.util.regex.Pattern.compile(
            "^races: .* \\((?:read|write) by (.+) at (\\S+)\\)$");

    /**
     * For a data race: a curved red arrow from the earlier access (the last step of its task at its line before the
     * failure) to the step that raced with it.
     */
    private static void raceArrow(StringBuilder sb, List<Step> steps, Lanes lanes) {
        int last = steps.size() - 1;
        while (last >= 0 && steps.get(last).kind() != Step.Kind.FAIL) {
            last--;
        }
        if (last < 0) {
            return;
        }
        java.util.regex.Matcher m = RACED_WITH.matcher(steps.get(last).text());
        if (!m.matches()) {
            return;
        }
        for (int i = last - 1; i >= 0; i--) {
            Step s = steps.get(i);
            if (s.taskName().equals(m.group(1)) && s.location().equals(m.group(2))) {
                Step to = steps.get(last);
                int x1 = lanes.x(s.task());
                int y1 = TOP + ROW * i + ROW / 2 + 12;
                int x2 = lanes.x(to.task());
                int y2 = TOP + ROW * last + ROW / 2 - 12;
                int bend = x1 == x2 ? 60 : 0;
                sb.append("<g class=\"race\"><title>").append(esc("data race: " + s.describe() + " and "
                        + to.text())).append("</title><path d=\"M").append(x1).append(',').append(y1).append(" C")
                        .append(x1 + bend).append(',').append((y1 + y2) / 2).append(' ').append(x2 + bend)
                        .append(',').append((y1 + y2) / 2).append(' ').append(x2).append(',').append(y2)
                        .append("\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2.5\" stroke-dasharray=\"7 4\""
                                + " marker-end=\"url(#racehead)\"/><text x=\"").append((x1 + x2) / 2 + bend / 2 + 6)
                        .append("\" y=\"").append((y1 + y2) / 2).append("\" class=\"racelabel\">data race</text></g>\n");
                return;
            }
        }
    }

    private static void node(StringBuilder sb, Step s, int x, int y, String color, int box, int chars) {
        boolean park = s.kind() == Step.Kind.PARK;
        boolean fail = s.kind() == Step.Kind.FAIL;
        String fill = fail ? "#c0392b" : park ? "#ffffff" : color;
        String text = fail ? "#ffffff" : park ? "#333" : "#ffffff";
        sb.append("<g class=\"step ").append(s.kind().name().toLowerCase(java.util.Locale.ROOT)).append("\"><title>")
                .append(esc(s.describe())).append("</title><rect x=\"").append(x - box / 2).append("\" y=\"")
                .append(y - 12).append("\" width=\"").append(box).append("\" height=\"24\" rx=\"12\" fill=\"")
                .append(fill)
                .append("\" stroke=\"").append(fail ? "#8e1b10" : color).append("\" stroke-width=\"2\"")
                .append(park ? " stroke-dasharray=\"5 3\"" : "").append("/><text x=\"").append(x).append("\" y=\"")
                .append(y + 4).append("\" fill=\"").append(text).append("\" class=\"label\">")
                .append(esc(clip(s.text(), chars))).append("</text></g>\n");
    }

    private static void arrow(StringBuilder sb, Step s, int from, int to, int y) {
        int dir = to >= from ? 1 : -1;
        int x1 = from + dir * 10;
        int x2 = to - dir * 10;
        String label = switch (s.kind()) {
            case START -> "start";
            case WAKE -> "wakes";
            default -> s.object().isEmpty() ? "hands over" : "hands " + s.object();
        };
        sb.append("<g class=\"step arrow ").append(s.kind().name().toLowerCase(java.util.Locale.ROOT))
                .append("\"><title>").append(esc(s.describe())).append("</title><circle cx=\"").append(from)
                .append("\" cy=\"").append(y).append("\" r=\"5\" fill=\"#444\"/><line x1=\"").append(x1)
                .append("\" y1=\"").append(y).append("\" x2=\"").append(x2).append("\" y2=\"").append(y)
                .append("\" stroke=\"#444\" stroke-width=\"2\"").append(s.kind() == Step.Kind.WAKE
                        ? " stroke-dasharray=\"4 3\"" : "").append(" marker-end=\"url(#head)\"/><text x=\"")
                .append((x1 + x2) / 2).append("\" y=\"").append(y - 5).append("\" class=\"arrowlabel\">")
                .append(esc(clip(label, 30))).append("</text></g>\n");
    }

    /** Where each lane lies: lane {@code t} spans {@code left[t]} to {@code left[t + 1]}. */
    private record Lanes(int[] left) {
        int left(int t) {
            return left[Math.min(t, left.length - 2)];
        }

        int width(int t) {
            int i = Math.min(t, left.length - 2);
            return left[i + 1] - left[i];
        }

        int x(int t) {
            return left(t) + width(t) / 2;
        }

        /** How many characters of the 12px monospace font fit in the lane's boxes. */
        int chars(int t) {
            return (int) ((width(t) - 36) / CHAR);
        }
    }

    private static void fact(StringBuilder sb, String name, String value) {
        sb.append("<tr><th>").append(esc(name)).append("</th><td><code>").append(esc(value))
                .append("</code></td></tr>\n");
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px 32px; color: #222; }
            h1 { font-size: 22px; margin: 0 0 12px; } h2 { font-size: 17px; margin: 28px 0 8px; }
            .banner { padding: 10px 14px; border-radius: 6px; font-weight: 600; }
            .banner.ok { background: #e7f6ee; color: #1d6b45; } .banner.bad { background: #fdecea; color: #8e1b10; }
            table.facts { border-collapse: collapse; margin: 12px 0; }
            table.facts th { text-align: left; padding: 3px 16px 3px 0; color: #555; font-weight: 500; }
            table.facts td code { background: #f4f4f4; padding: 1px 5px; border-radius: 3px; word-break: break-all; }
            pre { background: #f7f7f7; padding: 12px; border-radius: 6px; overflow-x: auto; font-size: 12.5px; }
            svg text { font: 12px ui-monospace, "SFMono-Regular", Menlo, monospace; text-anchor: middle; }
            svg text.head { fill: #fff; font-weight: 700; font-size: 13px; }
            svg text.num { text-anchor: start; fill: #888; } svg text.time { text-anchor: start; fill: #666; }
            svg text.pre { fill: #8e1b10; font-weight: 700; } svg text.arrowlabel { fill: #333; font-size: 11px; }
            svg text.racelabel { fill: #c0392b; font-weight: 700; font-size: 11px; text-anchor: start; }
            .legend span { display: inline-block; margin-right: 18px; font-size: 13px; color: #444; }
            .foot { color: #777; font-size: 12px; }
            .picture { overflow-x: auto; max-width: 100%; border: 1px solid #eee; border-radius: 6px; }
            """;

    private static final String LEGEND = "<p class=\"legend\"><span>● → start, hand-off (solid), wake-up (dashed)"
            + "</span><span>▭ dashed: waiting</span><span>⚡ preemption: the explorer switched away from a task that"
            + " could have gone on</span><span>- - - virtual time moves</span></p>\n";

    /** Counts what the browser actually laid out, so that a headless browser can check that the picture is drawn. */
    private static final String CHECK = """
            (function () {
              var svg = document.getElementById('interleaving'), out = document.getElementById('render-check');
              if (!svg || !out) return;
              function drawn(sel) {
                var n = 0;
                svg.querySelectorAll(sel).forEach(function (e) { var b = e.getBBox(); if (b.width > 0 && b.height > 0) n++; });
                return n;
              }
              out.textContent = 'drawn: lanes=' + drawn('.lane') + ' steps=' + drawn('.step') + ' arrows='
                + drawn('.arrow') + ' preemptions=' + drawn('.preemption') + ' width='
                + Math.round(svg.getBoundingClientRect().width) + ' picture='
                + (svg.parentNode.scrollWidth > svg.parentNode.clientWidth ? 'scrolls' : 'fits')
                + ' races=' + drawn('.race');
            })();
            """;
}
