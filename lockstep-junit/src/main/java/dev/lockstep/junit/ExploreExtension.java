package dev.lockstep.junit;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Report;
import dev.lockstep.explore.Scenario;
import dev.lockstep.junit.internal.InnerRunExtension;
import dev.lockstep.junit.internal.OneSchedule;
import dev.lockstep.junit.internal.Plain;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The JUnit Jupiter extension behind {@link ExploreTest}: it provides the test's single invocation (unless another
 * template, such as {@code @ParameterizedTest}, provides them) and runs each invocation's body under the explorer
 * instead of once.
 */
public final class ExploreExtension implements TestTemplateInvocationContextProvider, InvocationInterceptor {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        Method m = context.getRequiredTestMethod();
        return m.isAnnotationPresent(ExploreTest.class) && !hasOtherTemplate(m);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        ExploreTest settings = context.getRequiredTestMethod().getAnnotation(ExploreTest.class);
        String name = context.getRequiredTestMethod().isAnnotationPresent(Replay.class) ? "replay"
                : "explore " + settings.strategy();
        return Stream.of(new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return name;
            }
        });
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        Method method = invocationContext.getExecutable();
        ExploreTest settings = method.getAnnotation(ExploreTest.class);
        if (settings == null) {
            invocation.proceed();
            return;
        }
        if (InnerRunExtension.isInner(context)) {
            invocation.proceed(); // one schedule: this thread is the explorer's, and JUnit made this instance for it
            return;
        }
        invocation.skip(); // the explorer runs the invocation itself, once per schedule, each time through JUnit
        Class<?> testClass = context.getRequiredTestClass();
        Object[] arguments = invocationContext.getArguments().toArray();
        Scenario scenario = Plain.whyJUnit(testClass, method, arguments, context::getConfigurationParameter)
                .isPresent() ? throughJUnit(context, testClass) : MethodScenario.of(testClass, method, arguments);
        Explorer explorer = MethodScenario.explorer(settings, context.getUniqueId());
        String schedule = replaySchedule(method);
        Report report = schedule != null ? explorer.replay(scenario, schedule) : explorer.explore(scenario);
        context.publishReportEntry("lockstep", report.failed() ? "failed after " + report.iterations()
                + " schedules, seed " + report.seed() : report.summary());
        if (!report.failed() && !report.realTimeWaited().isZero()) {
            // Once per test, where the developer looks: a passing test that waited in real time runs slower than it
            // needs to, and may replay differently.
            report.summary().lines().filter(l -> l.startsWith("Note: the scenario waited")).findFirst()
                    .ifPresent(note -> System.out.println("[lockstep] " + context.getDisplayName() + " ("
                            + method.getName() + "): " + note.substring("Note: ".length())));
        }
        if (report.failed() && report.failure().flatMap(f -> f.cause())
                .filter(c -> c instanceof org.opentest4j.TestAbortedException).isPresent()) {
            // An assumption that does not hold (assumeTrue and the like) aborts the test, as it would a @Test: it
            // says the test does not apply here, not that a schedule found a bug.
            throw (org.opentest4j.TestAbortedException) report.failure().orElseThrow().cause().orElseThrow();
        }
        if (report.failed()) {
            String instruction = "Replay it: annotate " + method.getName() + " with @Replay(\"%s\")"
                    + " (or run it alone with -Dlockstep.replay=%s)";
            AssertionError e = new AssertionError(report.summary(instruction));
            report.failure().flatMap(f -> f.cause()).ifPresent(e::initCause);
            throw e;
        }
    }

    /** Each schedule as an execution of this one test invocation by JUnit, with every extension applied. */
    private static Scenario throughJUnit(ExtensionContext context, Class<?> testClass) {
        OneSchedule once = new OneSchedule(context.getUniqueId(), testClass.getClassLoader(),
                context::getConfigurationParameter);
        return new Scenario() {
            @Override
            public void run() throws Exception {
                try {
                    once.run();
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new java.lang.reflect.UndeclaredThrowableException(t);
                }
            }

            @Override
            public Class<?> codeSource() {
                return testClass;
            }
        };
    }

    /**
     * The test's own {@code @BeforeEach} methods run once per schedule, around the body, in the inner executions;
     * the outer execution, which only explores, skips them.
     */
    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        proceedUnlessExploring(invocation, context);
    }

    /** As {@code @BeforeEach}: once per schedule, never in the outer execution. */
    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        proceedUnlessExploring(invocation, context);
    }

    private static void proceedUnlessExploring(Invocation<Void> invocation, ExtensionContext context)
            throws Throwable {
        boolean exploring = context.getTestMethod().map(m -> m.isAnnotationPresent(ExploreTest.class)).orElse(false)
                && !InnerRunExtension.isInner(context);
        if (exploring) {
            invocation.skip();
        } else {
            invocation.proceed();
        }
    }

    private static String replaySchedule(Method method) {
        Replay replay = method.getAnnotation(Replay.class);
        if (replay != null) {
            return replay.value();
        }
        String property = System.getProperty("lockstep.replay");
        return property == null || property.isBlank() ? null : property.strip();
    }

    /** Whether another annotation of the method makes it a test template (e.g. @ParameterizedTest, @RepeatedTest). */
    private static boolean hasOtherTemplate(Method m) {
        for (Annotation a : m.getAnnotations()) {
            if (a.annotationType() != ExploreTest.class && a.annotationType().isAnnotationPresent(TestTemplate.class)) {
                return true;
            }
        }
        return false;
    }
}
