package dev.lockstep.agent.internal;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Patching JDK classes: most of those the agent patches were loaded before it, so they are retransformed. */
final class JdkClasses {
    private JdkClasses() {}

    /** Whether {@code className} (internal form) is one of {@code classes} or a class nested in one of them. */
    static boolean isOrNestedIn(String className, java.util.Collection<String> classes) {
        for (String c : classes) {
            if (className.startsWith(c) && (className.length() == c.length() || className.charAt(c.length()) == '$')) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds {@code transformer} and retransforms the boot classes already loaded that it {@code patches} (internal
     * names); the rest it patches as they load. If that fails, says so on standard error, ending with {@code
     * otherwise} (what stays as it was).
     */
    static void patch(Instrumentation inst, ClassFileTransformer transformer, Predicate<String> patches,
            String otherwise) {
        inst.addTransformer(transformer, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && patches.test(c.getName().replace('.', '/'))
                    && inst.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        try {
            inst.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (Exception | LinkageError e) {
            System.err.println("lockstep agent: " + otherwise + ": " + e);
        }
    }
}
