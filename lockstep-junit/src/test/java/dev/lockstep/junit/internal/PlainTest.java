package dev.lockstep.junit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockstep.junit.ExploreTest;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** Which tests may skip the inner JUnit execution: only those JUnit would set up exactly as Lockstep does itself. */
class PlainTest {
    static final Function<String, Optional<String>> NO_CONFIG = k -> Optional.empty();

    static class Simple {
        int n;

        @BeforeEach
        void setUp() {
            n = 0;
        }

        @ExploreTest
        void body(int value) {}
    }

    static class WithTempDir {
        @TempDir
        Path dir;

        @ExploreTest
        void body() {}
    }

    static final class Mine implements Extension {}

    /** A composed annotation: the extension comes in through it. */
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(Mine.class)
    @interface WithMine {}

    @WithMine
    static class Composed {
        @ExploreTest
        void body() {}
    }

    static class NeedsArgument {
        NeedsArgument(org.junit.jupiter.api.TestInfo info) {}

        @ExploreTest
        void body() {}
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClass {
        @ExploreTest
        void body() {}
    }

    static class Outer {
        @Nested
        class Inner {
            @ExploreTest
            void body() {}
        }
    }

    private static Optional<String> why(Class<?> type, Object[] args, Function<String, Optional<String>> config) {
        Method body = java.util.Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals("body"))
                .findFirst().orElseThrow();
        return Plain.whyJUnit(type, body, args, config);
    }

    @Test
    void aClassNoExtensionTouchesRunsDirectly() {
        assertEquals(Optional.empty(), why(Simple.class, new Object[] {3}, NO_CONFIG));
    }

    @Test
    void everythingJUnitWouldDoDifferentlyGoesThroughJUnit() {
        Map<Class<?>, String> cases = Map.of(WithTempDir.class, "field dir", Composed.class, "Composed is annotated",
                NeedsArgument.class, "constructor takes parameters", PerClass.class, "lifecycle",
                Outer.Inner.class, "inner (@Nested) class");
        cases.forEach((type, reason) -> {
            Optional<String> why = why(type, new Object[0], NO_CONFIG);
            assertTrue(why.isPresent() && why.get().contains(reason), type.getSimpleName() + ": " + why);
        });
        assertTrue(why(Simple.class, new Object[] {List.of()}, NO_CONFIG).orElse("").contains("afresh"),
                "an object argument could carry one schedule's changes into the next");
        assertTrue(why(Simple.class, new Object[] {1}, k -> k.equals(
                "junit.jupiter.extensions.autodetection.enabled") ? Optional.of("true") : Optional.empty())
                .isPresent());
    }
}
