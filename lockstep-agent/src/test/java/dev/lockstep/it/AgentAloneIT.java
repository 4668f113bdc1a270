package dev.lockstep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent attached to a JVM that has no Lockstep on its class path breaks nothing: it leaves such code alone. */
class AgentAloneIT {
    @TempDir
    Path dir;

    @Test
    void aSingleFileProgramRunsWithTheAgentAndNoLockstepOnItsClassPath() throws Exception {
        String agent = java.util.Arrays.stream(ProcessHandle.current().info().arguments().orElseThrow())
                .filter(a -> a.startsWith("-javaagent:")).findFirst().orElseThrow(); // this JVM's own agent
        Path program = dir.resolve("Hello.java");
        Files.writeString(program, """
                public class Hello {
                    static int count;
                    public static void main(String[] args) throws Exception {
                        Thread t = new Thread(() -> count++);
                        t.start();
                        t.join();
                        System.out.println("count " + count);
                    }
                }
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), agent,
                program.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "it ran");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("count 1"), out);
        assertTrue(!out.contains("NoClassDefFoundError"), out);
        // Nothing else on the terminal: no "Sharing is only supported for boot loader classes" warning of the JVM
        // (the agent defines its boot classes instead of appending a jar to the boot class path), no agent message.
        assertEquals("count 1", out.strip(), out);
    }
}
