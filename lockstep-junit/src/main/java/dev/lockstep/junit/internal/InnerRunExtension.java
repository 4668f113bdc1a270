package dev.lockstep.junit.internal;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Keeps a test class's {@code @BeforeAll} and {@code @AfterAll} methods from running in the inner execution of one
 * schedule ({@link OneSchedule}): the outer execution ran them once for the whole test, as JUnit users expect, and the
 * state they set up is shared by every schedule. Registered through JUnit's extension autodetection, which only the
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
        if (isInner(context)) {
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
