package dev.lockstep.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a shell command as a user would type it, with this JDK, and fails with the end of its output if it fails. */
final class Builds {
    static final Path ROOT = Path.of(System.getProperty("lockstep.root", "..")).toAbsolutePath().normalize();

    private Builds() {}

    static String run(Path dir, Path log, String command) throws IOException, InterruptedException {
        return run(dir, log, null, command);
    }

    /** As {@link #run(Path, Path, String)}, with standard error to {@code errLog} if it is not null. */
    static String run(Path dir, Path log, Path errLog, String command) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile())
                .redirectOutput(log.toFile());
        if (errLog == null) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(errLog.toFile());
        }
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("`" + command + "` in " + dir + " did not end in 10 minutes; see " + log);
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) {
            List<String> lines = out.lines().toList();
            throw new AssertionError("`" + command + "` in " + dir + " exited with " + p.exitValue() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
        return out;
    }
}
