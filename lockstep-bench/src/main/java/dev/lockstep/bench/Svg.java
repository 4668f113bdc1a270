package dev.lockstep.bench;

import java.util.List;
import java.util.Locale;

/** Small SVG charts for docs/BENCHMARKS.md: grouped horizontal bars, linear or logarithmic. */
final class Svg {
    private Svg() {}

    private static final String[] COLORS = {"#3b6fb6", "#d9822b", "#2e9e6a", "#9b59b6", "#c0392b"};

    /** One group of bars: a label and one value per series. */
    record Group(String label, double[] values) {}

    /**
     * Horizontal grouped bars.
     *
     * @param markers vertical reference lines (in value units), e.g. 0.9 and 1.0 for ratios; may be empty
     * @param log whether the axis is logarithmic
     */
    static String bars(String title, List<String> series, List<Group> groups, double[] markers, boolean log,
            String unit) {
        int labelWidth = 230;
        int plot = 560;
        int bar = 12;
        int groupHeight = series.size() * (bar + 2) + 12;
        int top = 56;
        int height = top + groups.size() * groupHeight + 40;
        int width = labelWidth + plot + 120;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Group g : groups) {
            for (double v : g.values()) {
                if (v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        for (double m : markers) {
            max = Math.max(max, m);
        }
        double lo = log ? Math.pow(10, Math.floor(Math.log10(min))) : 0;
        double hi = log ? Math.pow(10, Math.ceil(Math.log10(max))) : max * 1.1;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width,
                height));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                esc(title)));
        for (int s = 0; s < series.size(); s++) {
            int x = labelWidth + s * 170;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"32\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"43\">%s</text>%n", x, COLORS[s % COLORS.length], x + 16,
                    esc(series.get(s))));
        }
        for (double m : markers) {
            double x = labelWidth + scale(m, lo, hi, log) * plot;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\""
                    + " stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\" fill=\"#666\">%s</text>%n", x, top - 4, x,
                    height - 30, x + 3, height - 18, fmt(m) + unit));
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            Group g = groups.get(gi);
            int y = top + gi * groupHeight;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    labelWidth - 8, y + groupHeight / 2 + 2, esc(g.label())));
            for (int s = 0; s < g.values().length; s++) {
                double v = g.values()[s];
                if (!(v > 0)) {
                    continue;
                }
                double w = Math.max(1, scale(v, lo, hi, log) * plot);
                int by = y + 4 + s * (bar + 2);
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                        + "<title>%s</title></rect><text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>%n",
                        labelWidth, by, w, bar, COLORS[s % COLORS.length], esc(series.get(s) + ": " + fmt(v) + unit),
                        labelWidth + w + 4, by + bar - 2, fmt(v) + unit));
            }
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static double scale(double v, double lo, double hi, boolean log) {
        if (log) {
            return (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        }
        return v / hi;
    }

    static String fmt(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
