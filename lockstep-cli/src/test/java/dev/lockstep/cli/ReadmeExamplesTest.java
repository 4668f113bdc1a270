package dev.lockstep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The programs under examples/ that the README shows (./lockstep run FILE.java) compile, run and say what it says. */
class ReadmeExamplesTest {
    @TempDir
    Path dir;

    private String run(String file) throws Exception {
        Path source = Path.of("..", "examples", file);
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), "-cp",
                System.getProperty("java.class.path"), source.toString());
        assertEquals(0, compiled, "examples/" + file + " does not compile");
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            Method main = loader.loadClass(file.replace(".java", "")).getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void loopAndDebugMode() throws Exception {
        String out = run("LoopAndDebugMode.java");
        assertTrue(out.contains("read-yield-write on a Loop: counter = 1"), out);
        assertTrue(out.contains("with a Mutex:                 counter = 3"), out);
        assertTrue(out.contains("debug report SLOW_TASK: task main has kept the loop's carrier"), out);
        assertTrue(out.contains("cycle: left -> Mutex \"b\" -> right -> Mutex \"a\" -> left"), out);
    }

    @Test
    void findTheRace() throws Exception {
        String out = run("FindTheRace.java");
        assertTrue(out.contains("expected a balance of 40, got 70"), out);
        assertTrue(out.contains("withdraw-1") && out.contains("sleeps until 10 ms"), out);
        assertTrue(out.contains("Verified: dfs(2) ran all"), out);
    }
}
