package dev.lockstep.cli;

import dev.lockstep.junit.ExploreTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** A test that needs JUnit's extensions: the command line refuses it in words instead of running it without them. */
public class NeedsJUnit {
    @TempDir
    Path dir;

    @ExploreTest
    public void writesIntoItsDirectory() {
        dir.resolve("x"); // would be a NullPointerException, reported as a bug, without JUnit's injection
    }
}
