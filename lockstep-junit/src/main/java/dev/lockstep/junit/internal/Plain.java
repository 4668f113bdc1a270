package dev.lockstep.junit.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Decides whether a test can run its schedules without a JUnit execution each: a class that no extension touches
 * (nothing registered with {@code @ExtendWith} or {@code @RegisterExtension}, directly or through a composed
 * annotation, no {@code @TempDir}, {@code @Timeout} or {@code @AutoClose}, not {@code @Nested}, no parameters but
 * plain values such as a {@code @ParameterizedTest}'s, no autodetected extensions) gets from JUnit exactly what Lockstep can do itself: an instance from the
 * no-argument constructor, the {@code @BeforeEach} methods, the body, the {@code @AfterEach} methods. Doing that
 * directly takes microseconds; a JUnit execution per schedule takes milliseconds. Anything else goes through JUnit.
 */
public final class Plain {
    private Plain() {}

    /** Why the test needs a JUnit execution per schedule, or empty if it does not. */
    public static Optional<String> whyJUnit(Class<?> testClass, Method method, Object[] arguments,
            Function<String, Optional<String>> configuration) {
        if (configuration.apply("junit.jupiter.extensions.autodetection.enabled").map(Boolean::parseBoolean)
                .orElse(false)) {
            return Optional.of("extensions are autodetected");
        }
        if (configuration.apply("junit.jupiter.execution.timeout.default").isPresent()
                || configuration.apply("junit.jupiter.execution.timeout.testtemplate.method.default").isPresent()) {
            return Optional.of("a default timeout is configured");
        }
        if ("per_class".equalsIgnoreCase(configuration.apply("junit.jupiter.testinstance.lifecycle.default")
                .orElse("").strip())) {
            return Optional.of("test instances are per class by default");
        }
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.isAnnotationPresent(org.junit.jupiter.api.TestInstance.class)) {
                // PER_CLASS: its @BeforeAll sets up the instance; JUnit makes and sets up one per schedule.
                return Optional.of(c.getSimpleName() + " chooses its test instance lifecycle");
            }
        }
        if (testClass.getEnclosingClass() != null && !Modifier.isStatic(testClass.getModifiers())) {
            return Optional.of(testClass.getSimpleName() + " is an inner (@Nested) class");
        }
        Constructor<?> ctor;
        try {
            ctor = testClass.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            return Optional.of("its constructor takes parameters");
        }
        Optional<String> touched = touched(method, "the test method");
        if (touched.isPresent()) {
            return touched;
        }
        for (Parameter p : method.getParameters()) {
            if (touchedBy(p, new HashSet<>())) {
                return Optional.of("a parameter of the test method is resolved by an extension");
            }
        }
        for (Object a : arguments) {
            // A value can be shared by every schedule; an object could carry one schedule's changes into the next.
            if (!(a == null || a instanceof String || a instanceof Number || a instanceof Boolean
                    || a instanceof Character || a instanceof Enum<?>)) {
                return Optional.of("the test method takes a " + a.getClass().getSimpleName()
                        + ", which JUnit makes afresh for each schedule");
            }
        }
        touched = touched(ctor, "its constructor");
        if (touched.isPresent()) {
            return touched;
        }
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            Optional<String> why = classTouched(c);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> classTouched(Class<?> c) {
        Optional<String> why = touched(c, c.getSimpleName());
        if (why.isPresent()) {
            return why;
        }
        for (Class<?> i : c.getInterfaces()) {
            if (i.getName().startsWith("java.")) {
                continue;
            }
            // Interfaces can carry @ExtendWith and default lifecycle methods; Lockstep's own loop does not look there.
            return Optional.of(c.getSimpleName() + " implements " + i.getSimpleName());
        }
        for (Field f : c.getDeclaredFields()) {
            why = touched(f, "field " + f.getName());
            if (why.isPresent()) {
                return why;
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            boolean lifecycle = m.isAnnotationPresent(BeforeEach.class) || m.isAnnotationPresent(AfterEach.class);
            if (lifecycle && m.getParameterCount() > 0) {
                return Optional.of("lifecycle method " + m.getName() + " takes parameters");
            }
            if (lifecycle) {
                why = touched(m, "lifecycle method " + m.getName());
                if (why.isPresent()) {
                    return why;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> touched(AnnotatedElement e, String what) {
        return touchedBy(e, new HashSet<>()) ? Optional.of(what + " is annotated for an extension") : Optional.empty();
    }

    /**
     * Whether an annotation on {@code e}, or one it is composed of, is JUnit's way of bringing an extension in.
     * Lockstep's own {@code @ExploreTest} brings in only its own extension, which is here.
     */
    private static boolean touchedBy(AnnotatedElement e, Set<Class<?>> seen) {
        for (Annotation a : e.getAnnotations()) {
            Class<? extends Annotation> type = a.annotationType();
            String name = type.getName();
            if (name.equals("dev.lockstep.junit.ExploreTest") || name.equals("dev.lockstep.junit.Replay")
                    || name.equals("org.junit.jupiter.params.ParameterizedTest")
                    || name.equals("org.junit.jupiter.api.RepeatedTest") || !seen.add(type)) {
                // These only provide the invocations and their arguments, which the outer execution already has.
                continue;
            }
            switch (name) {
                case "org.junit.jupiter.api.extension.ExtendWith", "org.junit.jupiter.api.extension.Extensions",
                        "org.junit.jupiter.api.extension.RegisterExtension", "org.junit.jupiter.api.io.TempDir",
                        "org.junit.jupiter.api.Timeout", "org.junit.jupiter.api.AutoClose",
                        "org.junit.jupiter.api.Nested" -> {
                    return true;
                }
                default -> {
                    if (!name.startsWith("java.lang.annotation.") && touchedBy(type, seen)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
