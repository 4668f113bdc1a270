package dev.lockstep.agent.internal;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides which classes to instrument and instruments them. Classes of the JDK (loaded by the boot or the platform
 * class loader), hidden classes and the excluded packages pass unchanged. A class that cannot be instrumented is left
 * as it was, and the first such failure is reported once on standard error: the agent never breaks class loading.
 */
public final class Transformer implements ClassFileTransformer {
    private final AgentOptions options;
    private final Instrumentation inst;
    private final AtomicBoolean warned = new AtomicBoolean();

    public Transformer(AgentOptions options, Instrumentation inst) {
        this.options = options;
        this.inst = inst;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain domain, byte[] classfile) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader() || className == null
                || isJdkModule(module) || !options.instruments(className) || !seesHook(loader)) {
            return null;
        }
        try {
            byte[] out = Instrumenter.instrument(classfile, loader, options);
            if (out != null && module.isNamed()) {
                letRead(module, loader);
            }
            return out;
        } catch (Throwable e) {
            if (warned.compareAndSet(false, true)) {
                System.err.println("lockstep agent: left " + className.replace('/', '.') + " as it was: " + e
                        + " (further classes that cannot be instrumented are left as they are silently)");
            }
            return null;
        }
    }

    /**
     * Whether {@code module} is one of the JDK's: some (the compiler that runs single-file programs, for one) are
     * defined to the application class loader, but the JDK is never instrumented.
     */
    private static boolean isJdkModule(Module module) {
        if (module == null || !module.isNamed()) {
            return false;
        }
        String name = module.getName();
        return name.startsWith("java.") || name.startsWith("jdk.");
    }

    /** Loaders that can, or cannot, load Lockstep's hook class (instrumented code calls it). */
    private final java.util.Map<ClassLoader, Boolean> seen =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * Whether classes of {@code loader} can reach Lockstep's core, whose hook instrumented code calls: a class
     * instrumented where it cannot would fail with NoClassDefFoundError, so such classes are left as they are (no
     * explorer could run them anyway).
     */
    private boolean seesHook(ClassLoader loader) {
        return seen.computeIfAbsent(loader,
                l -> l.getResource("dev/lockstep/internal/hook/Instrumented.class") != null);
    }

    /** A class in a named module calls the hook package of Lockstep's core: let its module read and reach it. */
    private void letRead(Module module, ClassLoader loader) {
        try {
            Class<?> hook = Class.forName("dev.lockstep.internal.hook.Instrumented", false, loader);
            Module core = hook.getModule();
            if (core.isNamed() && !module.canRead(core)) {
                inst.redefineModule(module, Set.of(core), Map.of(), Map.of(), Set.of(), Map.of());
            }
            if (core.isNamed() && !core.isExported("dev.lockstep.internal.hook", module)) {
                inst.redefineModule(core, Set.of(), Map.of("dev.lockstep.internal.hook", Set.of(module)), Map.of(),
                        Set.of(), Map.of());
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // Lockstep's core is not visible to this class: its hook calls fail as they would without the agent's help.
        }
    }
}
