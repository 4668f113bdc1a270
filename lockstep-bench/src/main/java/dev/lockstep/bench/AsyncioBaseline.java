package dev.lockstep.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs CPython's asyncio on the seed workloads ({@code asyncio_baseline.py}) and reads its figures. */
public final class AsyncioBaseline {
    private AsyncioBaseline() {}

    private static final Pattern LINE = Pattern.compile("(\\w+) ops=(\\d+) s=([0-9.]+) ops_per_s=(\\d+)");

    /** The baseline script: the shared one beside the repository if there is one, else the repository's copy. */
    public static Path script(Path repo) {
        Path shared = repo.resolve("../shared/bench/asyncio_baseline.py").normalize();
        return Files.exists(shared) ? shared : repo.resolve("lockstep-bench/asyncio/asyncio_baseline.py");
    }

    /** The median ops/s of each workload over {@code runs} runs, or an empty map if python3 is missing. */
    public static Map<String, Double> medians(Path script, int runs) throws IOException, InterruptedException {
        Map<String, List<Double>> all = new HashMap<>();
        for (int r = 0; r < runs; r++) {
            Process p;
            try {
                p = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
            } catch (IOException missing) {
                return Map.of();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("asyncio baseline failed: " + out);
            }
            Matcher m = LINE.matcher(out);
            while (m.find()) {
                all.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Double.parseDouble(m.group(4)));
            }
        }
        Map<String, Double> medians = new HashMap<>();
        all.forEach((k, v) -> medians.put(k, Stats.median(v.stream().mapToDouble(Double::doubleValue).toArray())));
        return medians;
    }
}
