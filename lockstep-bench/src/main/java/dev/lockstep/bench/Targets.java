package dev.lockstep.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The benchmark targets, read from {@code targets.tsv}: the data the judge applies. */
final class Targets {
    private final Map<String, Target> byId;

    private Targets(Map<String, Target> byId) {
        this.byId = byId;
    }

    /**
     * One target.
     *
     * @param atLeast whether the measurement must be at least the bound (else at most)
     */
    record Target(String id, boolean atLeast, double bound, String what) {
        boolean met(double value) {
            return atLeast ? value >= bound : value <= bound;
        }

        /** {@code ≥ 0.9}, as the report's tables write it. */
        String describe() {
            String b = bound >= 2 && bound == Math.rint(bound) ? String.format(Locale.ROOT, "%,.0f", bound)
                    : Double.toString(bound);
            return (atLeast ? "≥ " : "≤ ") + b;
        }
    }

    /** The targets shipped with the benchmarks. */
    static Targets load() {
        try (InputStream in = Targets.class.getResourceAsStream("targets.tsv")) {
            if (in == null) {
                throw new IllegalStateException("targets.tsv is missing from the benchmark jar");
            }
            Map<String, Target> byId = new LinkedHashMap<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 4 || !(f[1].equals("at least") || f[1].equals("at most"))) {
                    throw new IllegalStateException("targets.tsv: bad line \"" + line + "\"");
                }
                byId.put(f[0], new Target(f[0], f[1].equals("at least"), Double.parseDouble(f[2]), f[3]));
            }
            return new Targets(byId);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read targets.tsv", e);
        }
    }

    /** The target {@code id}; fails if there is none, so that a renamed target cannot be skipped silently. */
    Target get(String id) {
        Target t = byId.get(id);
        if (t == null) {
            throw new IllegalArgumentException("no benchmark target \"" + id + "\" in targets.tsv");
        }
        return t;
    }
}
