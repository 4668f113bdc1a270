package dev.lockstep.junit;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Scenario;
import dev.lockstep.explore.Strategy;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test method as a {@link Scenario}: each run creates a fresh instance of its class, calls its {@code @BeforeEach}
 * methods (superclass first), the method, and its {@code @AfterEach} methods (subclass first). Used by the JUnit
 * extension and by the command line, so both run a test the same way.
 */
public final class MethodScenario {
    private MethodScenario() {}

    /**
     * The scenario of {@code method} on fresh instances of {@code testClass}, called with {@code args}.
     *
     * @throws IllegalArgumentException if the class has no no-argument constructor, or a lifecycle method takes
     *     parameters
     */
    public static Scenario of(Class<?> testClass, Method method, Object... args) {
        Objects.requireNonNull(testClass, "MethodScenario: testClass must not be null");
        Objects.requireNonNull(method, "MethodScenario: method must not be null");
        Constructor<?> ctor;
        try {
            ctor = testClass.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(testClass.getName() + " needs a no-argument constructor: each explored"
                    + " run creates a fresh instance of it", e);
        }
        ctor.setAccessible(true);
        List<Method> before = lifecycle(testClass, BeforeEach.class);
        List<Method> after = lifecycle(testClass, AfterEach.class);
        Collections.reverse(after);
        method.setAccessible(true);
        Object[] arguments = args == null ? new Object[0] : args.clone();
        Scenario body = () -> {
            Object instance;
            try {
                instance = call(ctor, null, new Object[0]);
            } catch (Throwable t) {
                throw MethodScenario.<RuntimeException>sneaky(t);
            }
            Throwable failure = null;
            try {
                for (Method m : before) {
                    call(m, instance, new Object[0]);
                }
                call(method, instance, arguments);
            } catch (Throwable t) {
                failure = t;
            }
            for (Method m : after) {
                try {
                    call(m, instance, new Object[0]);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    } else {
                        failure.addSuppressed(t);
                    }
                }
            }
            if (failure != null) {
                throw MethodScenario.<RuntimeException>sneaky(failure);
            }
        };
        return new Scenario() {
            @Override
            public void run() throws Exception {
                body.run();
            }

            @Override
            public Class<?> codeSource() {
                return testClass; // what the report looks into is the test's code, not this adapter's
            }
        };
    }

    /**
     * The explorer an {@link ExploreTest} asks for; the system properties {@code lockstep.seed}, {@code
     * lockstep.iterations}, {@code lockstep.parallelism} and {@code lockstep.shard} win.
     */
    public static Explorer explorer(ExploreTest settings) {
        return explorer(settings, "");
    }

    /**
     * As {@link #explorer(ExploreTest)}, for the test named {@code name}: a shard without a seed of its own explores
     * with a seed derived from that name, the same on every machine, so that the shards make up one exploration.
     */
    public static Explorer explorer(ExploreTest settings, String name) {
        Strategy strategy;
        try {
            strategy = Strategy.parse(settings.strategy(), settings.depth(), settings.maxPreemptions());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@ExploreTest: " + e.getMessage(), e);
        }
        Explorer.Builder b = Explorer.builder().strategy(strategy).iterations(settings.iterations())
                .maxSteps(settings.maxSteps()).timeLimit(Duration.ofSeconds(settings.timeLimitSeconds()))
                .races(settings.races() && !"false".equalsIgnoreCase(System.getProperty("lockstep.races", "").strip()));
        String seed = System.getProperty("lockstep.seed");
        if (seed != null) {
            b.seed(Long.parseLong(seed.strip()));
        } else if (settings.seed() != 0) {
            b.seed(settings.seed());
        }
        String iterations = System.getProperty("lockstep.iterations");
        if (iterations != null) {
            b.iterations(Integer.parseInt(iterations.strip()));
        }
        String shard = System.getProperty("lockstep.shard");
        if (shard != null && !shard.isBlank()) {
            try {
                b.shard(shard);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-Dlockstep.shard: " + e.getMessage(), e);
            }
            if (seed == null && settings.seed() == 0) {
                b.seed(sharedSeed(name));
            }
        }
        String parallelism = System.getProperty("lockstep.parallelism");
        if (parallelism != null) {
            b.parallelism(Integer.parseInt(parallelism.strip()));
        }
        return b.build();
    }

    /** A seed every machine derives alike from the test's name (FNV-1a over its characters). */
    public static long sharedSeed(String name) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }

    private static List<Method> lifecycle(Class<?> type, Class<? extends Annotation> annotation) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        List<Method> methods = new ArrayList<>();
        for (Class<?> c : chain) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(annotation) && !Modifier.isStatic(m.getModifiers())) {
                    if (m.getParameterCount() != 0) {
                        throw new IllegalArgumentException("@" + annotation.getSimpleName() + " method " + m.getName()
                                + " of " + type.getName() + " takes parameters; an @ExploreTest runs lifecycle methods"
                                + " itself, once per explored run, and can only call ones without parameters");
                    }
                    m.setAccessible(true);
                    methods.add(m);
                }
            }
        }
        return methods;
    }

    private static Object call(java.lang.reflect.Executable target, Object instance, Object[] args) throws Throwable {
        try {
            if (target instanceof Constructor<?> c) {
                return c.newInstance(args);
            }
            return ((Method) target).invoke(instance, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable t) throws X {
        throw (X) t;
    }
}
