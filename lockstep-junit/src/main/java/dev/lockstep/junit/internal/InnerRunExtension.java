package dev.lockstep.junit.internal;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Keeps a test class's {@code @BeforeAll} and {@code @AfterAll} methods from running in the inner execution of one
 * schedule ({@link OneSchedule}): the outer execution ran them once for the whole test, as JUnit users expect, and the
 * static state they set up is shared by every schedule. A class with {@code @TestInstance(PER_CLASS)} is the exception:
 * its {@code @BeforeAll} sets up the instance, and each schedule has an instance of its own, so it runs there too. Registered through JUnit's extension autodetection, which only the
 * inner execution turns on for it; anywhere else it lets every method run.
 */
public final class InnerRunExtension implements InvocationInterceptor {

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        skipIfInner(invocation, context);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        skipIfInner(invocation, context);
    }

    private static void skipIfInner(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        // A per-class instance is made afresh for each schedule too, and only its own @BeforeAll can set it up: with
        // @TestInstance(PER_CLASS), each schedule's execution runs @BeforeAll and @AfterAll on its instance.
        boolean perClass = context.getTestInstanceLifecycle()
                .map(l -> l == org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS).orElse(false);
        if (isInner(context) && !perClass) {
            invocation.skip();
        } else {
            invocation.proceed();
        }
    }

    /** Whether this context belongs to the inner execution of one schedule. */
    public static boolean isInner(ExtensionContext context) {
        return context.getConfigurationParameter(OneSchedule.INNER).map(Boolean::parseBoolean).orElse(false);
    }
}
