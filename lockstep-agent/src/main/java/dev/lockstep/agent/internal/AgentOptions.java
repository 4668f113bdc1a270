package dev.lockstep.agent.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The agent's options: which classes to instrument, and whether field and array accesses are scheduling points.
 *
 * @param include package prefixes ({@code com/example/}) to instrument; empty for everything not excluded
 * @param exclude package prefixes never to instrument, besides the built-in ones
 * @param fields whether field and array accesses are scheduling points
 * @param races whether data races are reported outside the explorer too
 * @param benign fields whose races the user judged benign ({@code com.example.Cache.hits}, or {@code
 *     com.example.Cache.*} for every field of a class): still scheduling points, never reported as races
 * @param virtualTime whether the JDK's own timed waits ({@code Thread.sleep}, {@code poll(timeout)}) are to read the
 *     explorer's virtual time ({@code time=virtual}, the default) or stay on real time ({@code time=real})
 */
public record AgentOptions(List<String> include, List<String> exclude, boolean fields, boolean races,
        List<String> benign, boolean virtualTime) {

    /**
     * What is never instrumented: the JDK (by its class loader), Lockstep's own runtime, JUnit and the build tools,
     * whose code runs the explorer or the tests around it.
     */
    static final List<String> BUILT_IN_EXCLUDES = List.of("dev/lockstep/sync/", "dev/lockstep/task/",
            "dev/lockstep/internal/", "dev/lockstep/explore/", "dev/lockstep/junit/", "dev/lockstep/cli/",
            "dev/lockstep/agent/", "dev/lockstep/redis/", "dev/lockstep/verify/", "dev/lockstep/bench/",
            "org/junit/", "junit/", "org/opentest4j/", "org/apiguardian/", "org/apache/maven/", "org/codehaus/plexus/",
            "org/gradle/", "worker/org/gradle/", "picocli/", "org/openjdk/jmh/", "kotlin/", "kotlinx/");

    /**
     * The built-in excludes an explicit {@code include} may override: Lockstep's own scenarios and workloads, code
     * like a user's (to check them with the race detector), never the explorer's path.
     */
    static final List<String> INCLUDABLE = List.of("dev/lockstep/verify/", "dev/lockstep/bench/");

    private boolean included(String internalName) {
        for (String p : include) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads {@code include=a.b.*;c.*,exclude=d.*,fields=none,races,time=real}.
     *
     * @throws IllegalArgumentException naming the option and what it accepts
     */
    public static AgentOptions parse(String args) {
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        boolean fields = true;
        boolean races = false;
        List<String> benign = new ArrayList<>();
        boolean virtualTime = true;
        if (args != null && !args.isBlank()) {
            for (String option : args.split(",")) {
                String o = option.strip();
                int eq = o.indexOf('=');
                String name = (eq < 0 ? o : o.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : o.substring(eq + 1).strip();
                switch (name) {
                    case "include" -> include.addAll(prefixes(name, value));
                    case "exclude" -> exclude.addAll(prefixes(name, value));
                    case "fields" -> fields = switch (value.toLowerCase(Locale.ROOT)) {
                        case "all" -> true;
                        case "none" -> false;
                        default -> throw new IllegalArgumentException("lockstep agent: fields must be all or none, got \""
                                + value + "\"");
                    };
                    case "races" -> races = true;
                    case "benign" -> benign.addAll(fieldNames(value));
                    case "time" -> virtualTime = switch (value.toLowerCase(Locale.ROOT)) {
                        case "virtual" -> true;
                        case "real" -> false;
                        default -> throw new IllegalArgumentException("lockstep agent: time must be virtual or real,"
                                + " got \"" + value + "\"");
                    };
                    case "" -> { }
                    default -> throw new IllegalArgumentException("lockstep agent: unknown option \"" + o + "\"; the"
                            + " options are include=PKG.*, exclude=PKG.*, fields=all|none, races, benign=CLASS.FIELD and"
                            + " time=virtual|real");
                }
            }
        }
        return new AgentOptions(List.copyOf(include), List.copyOf(exclude), fields, races, List.copyOf(benign),
                virtualTime);
    }

    private static List<String> fieldNames(String value) {
        List<String> out = new ArrayList<>();
        for (String p : value.split(";")) {
            String s = p.strip();
            if (s.isEmpty()) {
                continue;
            }
            int dot = s.lastIndexOf('.');
            if (dot <= 0 || dot == s.length() - 1 || !s.matches("[\\p{javaJavaIdentifierPart}.$]+(\\.\\*)?")) {
                throw new IllegalArgumentException("lockstep agent: benign takes fields such as"
                        + " com.example.Cache.hits or com.example.Cache.*, got \"" + s + "\"");
            }
            out.add(s);
        }
        return out;
    }

    /** Whether field {@code field} of class {@code className} ({@code com.example.Cache}) is a declared benign race. */
    public boolean benign(String className, String field) {
        for (String b : benign) {
            if (b.equals(className + "." + field) || b.equals(className + ".*")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> prefixes(String option, String value) {
        List<String> out = new ArrayList<>();
        for (String p : value.split(";")) {
            String s = p.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (s.endsWith(".*")) {
                s = s.substring(0, s.length() - 2);
            } else if (s.endsWith("*")) {
                s = s.substring(0, s.length() - 1);
            }
            if (s.isEmpty() || !s.matches("[\\p{javaJavaIdentifierPart}.$]+")) {
                throw new IllegalArgumentException("lockstep agent: " + option + " takes packages such as com.example.*,"
                        + " got \"" + p.strip() + "\"");
            }
            out.add(s.replace('.', '/') + (s.endsWith(".") ? "" : "/"));
        }
        return out;
    }

    /** Whether the class named {@code internalName} ({@code com/example/Foo}) is to be instrumented. */
    public boolean instruments(String internalName) {
        for (String p : BUILT_IN_EXCLUDES) {
            if (internalName.startsWith(p) && !(INCLUDABLE.contains(p) && included(internalName))) {
                return false;
            }
        }
        for (String p : exclude) {
            if (internalName.startsWith(p)) {
                return false;
            }
        }
        if (include.isEmpty()) {
            return true;
        }
        for (String p : include) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The options as the agent was given them, for reports: e.g. {@code fields=all}. */
    public String describe() {
        StringBuilder sb = new StringBuilder("fields=").append(fields ? "all" : "none");
        if (!include.isEmpty()) {
            sb.append(",include=").append(String.join(";", include).replace('/', '.'));
        }
        if (!exclude.isEmpty()) {
            sb.append(",exclude=").append(String.join(";", exclude).replace('/', '.'));
        }
        if (races) {
            sb.append(",races");
        }
        if (!benign.isEmpty()) {
            sb.append(",benign=").append(String.join(";", benign));
        }
        return sb.toString();
    }
}
