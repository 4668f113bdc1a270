package dev.lockstep.explore.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of one run's adopted platform threads, made the same in every run. The JDK numbers unnamed threads
 * ({@code Thread-7}) and the threads of executors and fork/join pools ({@code pool-12-thread-1}, {@code
 * ForkJoinPool-3-worker-1}) with counters of the whole JVM, so the same scenario would name its threads differently
 * in each run, in the replay and in the trace. Here each such number becomes its rank among the numbers the run has
 * seen: the first pool a run starts threads in is always {@code pool-1}.
 */
final class ThreadNames {
    private static final Pattern UNNAMED = Pattern.compile("Thread-(\\d+)");
    private static final Pattern POOL = Pattern.compile("(pool|ForkJoinPool)-(\\d+)-(.+)");

    private final Map<String, Integer> threads = new HashMap<>();
    private final Map<String, Integer> pools = new HashMap<>();

    /** The name a run gives the thread the JDK named {@code name}. */
    String canonical(String name) {
        Matcher m = UNNAMED.matcher(name);
        if (m.matches()) {
            return "Thread-" + threads.computeIfAbsent(m.group(1), k -> threads.size());
        }
        m = POOL.matcher(name);
        if (m.matches()) {
            String kind = m.group(1);
            return kind + "-" + pools.computeIfAbsent(kind + m.group(2), k -> pools.size() + 1) + "-" + m.group(3);
        }
        return name;
    }
}
