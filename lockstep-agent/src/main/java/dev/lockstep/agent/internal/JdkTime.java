package dev.lockstep.agent.internal;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Set;

/**
 * Puts the JDK's own timed waits on the explorer's virtual time. The explorer already receives every timed wake-up a
 * virtual thread of its runs asks for (its scheduler is asked to schedule it); but the JDK's waits also measure the
 * time left themselves, with {@code System.nanoTime()} (a sleep parks again until the real time is up, a timed lock
 * until its deadline). In the few classes that do that for virtual threads ({@code VirtualThread}'s sleep and park,
 * the synchronizers and futures of {@code java.util.concurrent}), those calls are redirected to {@code
 * dev.lockstep.boot.Time}, which is {@code System.nanoTime()} for every thread but those an explorer runs.
 */
public final class JdkTime implements ClassFileTransformer {
    /**
     * The classes whose timed waits measure time themselves; their nested classes too (a condition of a lock, the
     * transferer of a SynchronousQueue, the signaller of a CompletableFuture).
     */
    static final Set<String> CLASSES = Set.of("java/lang/VirtualThread",
            "java/util/concurrent/locks/AbstractQueuedSynchronizer",
            "java/util/concurrent/locks/AbstractQueuedLongSynchronizer",
            "java/util/concurrent/locks/StampedLock", "java/util/concurrent/FutureTask",
            "java/util/concurrent/CompletableFuture", "java/util/concurrent/LinkedTransferQueue",
            "java/util/concurrent/SynchronousQueue", "java/util/concurrent/Exchanger",
            "java/util/concurrent/Phaser", "java/util/concurrent/ForkJoinTask", "java/util/concurrent/DelayQueue",
            "java/util/concurrent/locks/LockSupport",
            // the delays of scheduled executors and of the fork/join pools (CompletableFuture's timeouts use them)
            "java/util/concurrent/ScheduledThreadPoolExecutor", "java/util/concurrent/ForkJoinPool",
            "java/util/concurrent/DelayScheduler");

    static boolean patches(String className) {
        return JdkClasses.isOrNestedIn(className, CLASSES);
    }

    private static final ClassDesc SYSTEM = ClassDesc.of("java.lang.System");
    private static final ClassDesc TIME = ClassDesc.of("java.lang.LockstepTime");

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain domain, byte[] classfile) {
        if (loader != null || className == null || !patches(className)) {
            return null;
        }
        try {
            ClassFile cf = ClassFile.of();
            ClassModel model = cf.parse(classfile);
            CodeTransform redirect = (b, e) -> {
                if (e instanceof InvokeInstruction i && i.owner().asSymbol().equals(SYSTEM)
                        && (i.name().equalsString("nanoTime") || i.name().equalsString("currentTimeMillis"))
                        && i.typeSymbol().descriptorString().equals("()J")) {
                    b.invokestatic(TIME, i.name().stringValue(), i.typeSymbol());
                } else {
                    b.with(e);
                }
            };
            return cf.transformClass(model, ClassTransform.transformingMethodBodies(redirect));
        } catch (RuntimeException | Error e) {
            System.err.println("lockstep agent: left " + className.replace('/', '.') + " on real time: " + e);
            return null;
        }
    }

    /** Patches the classes it {@link #patches} already loaded; the rest are patched as they load. */
    public static void install(Instrumentation inst) {
        JdkClasses.patch(inst, new JdkTime(), JdkTime::patches, "the JDK's timed waits stay on real time");
    }
}
