package dev.lockstep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.redis.RedisServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two cross-process examples of docs/REDIS.md, run as docs/REDIS.md runs them: each process a JVM of its own,
 * launched on a single source file as {@code ./lockstep run} does, against a real redis-server.
 */
class RedisExamplesTest {
    @TempDir
    Path dir;

    /** One example process: {@code java -cp <Lockstep> examples/redis/FILE ARGS}. */
    private static Process example(String file, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), Path.of("..", "examples", "redis", file).toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BufferedReader lines(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String finish(Process p) throws Exception {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example did not finish");
        return lines(p).lines().collect(Collectors.joining("\n"));
    }

    private static final Pattern PEAK = Pattern.compile("at most (\\d+) in flight fleet-wide \\(limit 10\\)");

    private static int peak(String out) {
        Matcher m = PEAK.matcher(out);
        assertTrue(m.find(), out);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void threeInstancesShareOneApiLimit() throws Exception {
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"), false)) {
            List<Process> fleet = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fleet.add(example("FleetThrottle.java", redis.uri()));
            }
            int fleetPeak = 0;
            for (Process p : fleet) {
                String out = finish(p);
                assertEquals(0, p.exitValue(), out);
                int peak = peak(out);
                assertTrue(peak <= 10, "the API saw " + peak + " calls at once: " + out);
                fleetPeak = Math.max(fleetPeak, peak);
            }
            assertTrue(fleetPeak >= 5, "the permits were used in parallel: peak " + fleetPeak);

            String unguarded = finish(example("FleetThrottle.java", redis.uri(), "unguarded"));
            assertTrue(peak(unguarded) > 10, "without the semaphore the limit breaks: " + unguarded);
        }
    }

    @Test
    void aWorkerThatDiesMidJobLosesNothing() throws Exception {
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"), false)) {
            Process survivor = example("FleetPipeline.java", redis.uri(), "work");
            Process doomed = example("FleetPipeline.java", redis.uri(), "work", "crash-after", "3");
            BufferedReader survivorOut = lines(survivor);
            BufferedReader doomedOut = lines(doomed);
            assertTrue(survivorOut.readLine().endsWith("waiting for jobs"));
            assertTrue(doomedOut.readLine().endsWith("waiting for jobs"));

            String produced = finish(example("FleetPipeline.java", redis.uri(), "produce", "20"));
            assertTrue(produced.contains("producer: all 20 jobs acknowledged"), produced);

            assertTrue(doomed.waitFor(60, TimeUnit.SECONDS));
            assertEquals(137, doomed.exitValue(), "halted as kill -9 would");
            String crashed = doomedOut.lines().collect(Collectors.joining("\n"));
            Matcher lost = Pattern.compile("crashing in the middle of (job-\\d+)").matcher(crashed);
            assertTrue(lost.find(), crashed);

            // The survivor runs until it has been idle for 10 s; read what it said so far, then stop it.
            String redelivered = ": " + lost.group(1) + " (delivery 2)";
            StringBuilder survived = new StringBuilder();
            for (String line = survivorOut.readLine(); line != null; line = survivorOut.readLine()) {
                survived.append(line).append('\n');
                if (line.endsWith(redelivered)) {
                    break;
                }
            }
            survivor.destroy();
            assertTrue(survived.toString().contains(redelivered),
                    lost.group(1) + " was delivered again to the survivor:\n" + survived);
        }
    }
}
