package dev.lockstep.junit.internal;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one schedule of an {@code @ExploreTest} through JUnit itself, on the calling thread (the explorer's controlled
 * root thread): JUnit makes the test instance with every extension applied (constructor and field injection such as
 * {@code @TempDir}, {@code @Nested} enclosing instances, method parameters), runs {@code @BeforeEach}, the body and
 * {@code @AfterEach} once, and closes what its extensions opened. The explorer calls this once per schedule, so every
 * schedule gets state that JUnit made for it, and nothing is reimplemented here that JUnit might do differently.
 *
 * <p>The run is a second, inner JUnit execution of the one test invocation the outer execution is running, selected
 * by its unique id. A configuration parameter ({@link #INNER}) tells the inner execution's extensions apart: {@code
 * ExploreExtension} lets the body run instead of exploring, and {@link InnerRunExtension} keeps {@code @BeforeAll}
 * and {@code @AfterAll} methods, which the outer execution already ran, from running again.
 */
public final class OneSchedule {
    /** The configuration parameter that marks an inner execution. */
    public static final String INNER = "dev.lockstep.junit.one-schedule";

    private static final String AUTODETECT = "junit.jupiter.extensions.autodetection.enabled";
    private static final String AUTODETECT_INCLUDE = "junit.jupiter.extensions.autodetection.include";

    /** Launchers not in use: a launcher runs one execution at a time, and the explorer runs schedules in parallel. */
    private static final ConcurrentLinkedQueue<Launcher> IDLE = new ConcurrentLinkedQueue<>();

    private final String uniqueId;
    private final ClassLoader loader;
    private final Map<String, String> parameters;

    /**
     * @param uniqueId the test invocation's unique id, as JUnit gave it to the outer execution
     * @param loader the loader of the test class (the inner discovery loads classes by name through it)
     * @param outer how to read the outer execution's configuration parameters
     */
    public OneSchedule(String uniqueId, ClassLoader loader, Function<String, Optional<String>> outer) {
        this.uniqueId = Objects.requireNonNull(uniqueId, "OneSchedule: uniqueId must not be null");
        this.loader = loader;
        // Autodetection is how InnerRunExtension gets registered for the class (an extension can only be given to a
        // discovery request that way). If the user's own run autodetects, the inner run keeps their settings.
        boolean userAutodetects = outer.apply(AUTODETECT).map(Boolean::parseBoolean).orElse(false);
        String include = userAutodetects
                ? outer.apply(AUTODETECT_INCLUDE).map(p -> p + "," + InnerRunExtension.class.getName()).orElse(null)
                : InnerRunExtension.class.getName();
        // The inner execution sees the outer one's implicit configuration, read here once: JUnit would otherwise
        // search the class path for junit-platform.properties in every schedule, on the explorer's thread.
        // Parameters given to the outer launcher explicitly (Surefire's configurationParameters) are not visible here.
        HashMap<String, String> p = new HashMap<>(propertiesFile(loader));
        System.getProperties().stringPropertyNames().forEach(k -> p.put(k, System.getProperty(k)));
        p.put(INNER, "true");
        p.put(AUTODETECT, "true");
        if (include != null) {
            p.put(AUTODETECT_INCLUDE, include);
        }
        // The body must run on this thread, which the explorer controls, not on a worker of JUnit's parallel mode.
        p.put("junit.jupiter.execution.parallel.enabled", "false");
        this.parameters = Map.copyOf(p);
    }

    /** Runs the invocation once; throws what failed in it (the test, its lifecycle or its extensions). */
    public void run() throws Throwable {
        Launcher launcher = IDLE.poll();
        Thread me = Thread.currentThread();
        ClassLoader before = me.getContextClassLoader();
        me.setContextClassLoader(loader);
        try {
            if (launcher == null) {
                launcher = LauncherFactory.create(LauncherConfig.builder()
                        .enableTestExecutionListenerAutoRegistration(false)
                        .enableLauncherSessionListenerAutoRegistration(false)
                        .enableLauncherDiscoveryListenerAutoRegistration(false)
                        .enablePostDiscoveryFilterAutoRegistration(false)
                        .build());
            }
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectUniqueId(uniqueId))
                    .filters(EngineFilter.includeEngines("junit-jupiter"))
                    .configurationParameters(parameters)
                    .enableImplicitConfigurationParameters(false)
                    .build();
            Outcome outcome = new Outcome();
            launcher.execute(request, outcome);
            outcome.rethrow();
        } finally {
            me.setContextClassLoader(before);
            if (launcher != null) {
                IDLE.offer(launcher);
            }
        }
    }

    /** The entries of the first {@code junit-platform.properties} on the class path, as JUnit reads them. */
    private static Map<String, String> propertiesFile(ClassLoader loader) {
        URL url = (loader != null ? loader : ClassLoader.getSystemClassLoader())
                .getResource("junit-platform.properties");
        if (url == null) {
            return Map.of();
        }
        Properties props = new Properties();
        try (InputStream in = url.openStream()) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Lockstep could not read " + url, e);
        }
        HashMap<String, String> entries = new HashMap<>();
        props.stringPropertyNames().forEach(k -> entries.put(k, props.getProperty(k)));
        return entries;
    }

    /** What the inner execution reported: whether the invocation ran, and the first failure, the test's first. */
    private final class Outcome implements TestExecutionListener {
        private boolean started;
        private Throwable testFailure;
        private Throwable otherFailure;
        private String skipped;

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.getUniqueId().equals(uniqueId)) {
                started = true;
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (skipped == null) {
                skipped = id.getDisplayName() + ": " + reason;
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                return;
            }
            Throwable t = result.getThrowable().orElseGet(() -> new AssertionError(
                    id.getDisplayName() + " ended " + result.getStatus() + " without saying why"));
            if (id.getUniqueId().equals(uniqueId)) {
                if (testFailure == null) {
                    testFailure = t;
                }
            } else if (otherFailure == null) {
                otherFailure = t; // the class's instance, its @BeforeAll extensions, an enclosing class
            }
        }

        void rethrow() throws Throwable {
            if (testFailure != null) {
                throw testFailure;
            }
            if (otherFailure != null) {
                throw otherFailure;
            }
            if (!started) {
                throw new IllegalStateException("JUnit did not run " + uniqueId + " when Lockstep asked it for one"
                        + " schedule" + (skipped != null ? " (skipped " + skipped + ")" : "")
                        + "; is the test's class loadable by name from " + loader + "?");
            }
        }
    }
}
