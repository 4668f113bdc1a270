package dev.lockstep.agent.internal;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.function.Consumer;

/**
 * Brings platform threads and the common pool under an explorer's control by patching a few JDK methods to ask
 * {@code dev.lockstep.boot.Threads} first (which changes nothing until an explorer installs its functions there):
 * <ul>
 *   <li>{@code Thread.start} (both the public one and the one executors call with a thread container): a platform
 *       thread that a task of an exploration starts is adopted, and a controlled stand-in runs it instead;
 *   <li>{@code Thread.isAlive}, {@code getState}, {@code interrupt}, {@code isInterrupted}, {@code join(long)} and
 *       {@code LockSupport.unpark}: on an adopted thread, they act on its stand-in;
 *   <li>every read of {@code ForkJoinPool.common} (and of {@code CompletableFuture}'s default pool, the same pool) in
 *       the fork/join classes: a task of an exploration gets its run's own pool, whose workers are adopted too.
 * </ul>
 */
public final class JdkThreads implements ClassFileTransformer {
    private static final String THREAD = "java/lang/Thread";
    private static final String LOCK_SUPPORT = "java/util/concurrent/locks/LockSupport";
    /**
     * The classes (with their nested classes) that read the common pool from its static field, or park and unpark a
     * pool's threads with {@code Unsafe} (which would block an adopted worker's carrier: a virtual thread must park
     * through {@code LockSupport}).
     */
    private static final List<String> POOL_CLASSES = List.of("java/util/concurrent/ForkJoinPool",
            "java/util/concurrent/DelayScheduler", "java/util/concurrent/ForkJoinTask",
            "java/util/concurrent/CompletableFuture");

    /** Whether this transform patches the class {@code className} (internal form). */
    static boolean patches(String className) {
        return className.equals(THREAD) || className.equals(LOCK_SUPPORT)
                || JdkClasses.isOrNestedIn(className, POOL_CLASSES);
    }

    private static final ClassDesc UNSAFE = ClassDesc.of("jdk.internal.misc.Unsafe");

    private static final ClassDesc BOOT = ClassDesc.of("java.lang.LockstepThreads");
    private static final ClassDesc CD_THREAD = ClassDesc.of("java.lang.Thread");
    private static final ClassDesc CD_STATE = ClassDesc.of("java.lang.Thread$State");
    private static final ClassDesc CD_POOL = ClassDesc.of("java.util.concurrent.ForkJoinPool");
    private static final MethodTypeDesc THREAD_TO_BOOLEAN = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_THREAD);
    private static final MethodTypeDesc THREAD_TO_INT = MethodTypeDesc.of(ConstantDescs.CD_int, CD_THREAD);

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain domain, byte[] classfile) {
        if (loader != null || className == null || !patches(className)) {
            return null;
        }
        try {
            ClassFile cf = ClassFile.of();
            ClassModel model = cf.parse(classfile);
            ClassTransform patch = switch (className) {
                case THREAD -> (cb, ce) -> {
                    Consumer<CodeBuilder> prefix = ce instanceof MethodModel m ? threadPrefix(m) : null;
                    if (prefix != null) {
                        cb.transformMethod((MethodModel) ce, MethodTransform.transformingCode(new Prefix(prefix)));
                    } else {
                        cb.with(ce);
                    }
                };
                case LOCK_SUPPORT -> ClassTransform.transformingMethodBodies(
                        m -> m.methodName().equalsString("unpark"), new Prefix(b -> {
                            b.aload(0).invokestatic(BOOT, "target", MethodTypeDesc.of(CD_THREAD, CD_THREAD)).astore(0);
                        }));
                default -> ClassTransform.transformingMethodBodies(JdkThreads::poolMethod, JdkThreads::poolCode);
            };
            return cf.transformClass(model, patch);
        } catch (RuntimeException | Error e) {
            System.err.println("lockstep agent: left " + className.replace('/', '.')
                    + " as it was (its threads stay outside the explorer's control): " + e);
            return null;
        }
    }

    /**
     * The code a patched {@code Thread} method begins with, or null for a method left alone: ask the boot class
     * whether the thread was adopted, and if so act on its stand-in or return what it answers; otherwise go on as the
     * JDK wrote it.
     */
    private static Consumer<CodeBuilder> threadPrefix(MethodModel m) {
        String name = m.methodName().stringValue();
        String type = m.methodType().stringValue();
        return switch (name) {
            case "start" -> type.equals("()V") || type.equals("(Ljdk/internal/vm/ThreadContainer;)V")
                    ? b -> returnIf(b, "start", THREAD_TO_BOOLEAN) : null;
            case "interrupt" -> type.equals("()V") ? b -> returnIf(b, "interrupt", THREAD_TO_BOOLEAN) : null;
            case "join" -> type.equals("(J)V") ? b -> {
                Label own = b.newLabel();
                b.aload(0).lload(1)
                        .invokestatic(BOOT, "join", MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_THREAD,
                                ConstantDescs.CD_long))
                        .ifeq(own).return_().labelBinding(own);
            } : null;
            case "isAlive" -> type.equals("()Z") ? b -> returnAnswer(b, "alive") : null;
            case "isInterrupted" -> type.equals("()Z") ? b -> returnAnswer(b, "interrupted") : null;
            case "threadState" -> type.equals("()Ljava/lang/Thread$State;") ? b -> {
                Label own = b.newLabel();
                b.aload(0).invokestatic(BOOT, "state", MethodTypeDesc.of(CD_STATE, CD_THREAD))
                        .dup().ifnull(own).areturn().labelBinding(own).pop();
            } : null;
            default -> null;
        };
    }

    /** {@code if (Threads.<method>(this)) return;} */
    private static void returnIf(CodeBuilder b, String method, MethodTypeDesc type) {
        Label own = b.newLabel();
        b.aload(0).invokestatic(BOOT, method, type).ifeq(own).return_().labelBinding(own);
    }

    /** {@code int a = Threads.<method>(this); if (a >= 0) return a != 0;} */
    private static void returnAnswer(CodeBuilder b, String method) {
        Label own = b.newLabel();
        b.aload(0).invokestatic(BOOT, method, THREAD_TO_INT).dup().iflt(own).ireturn().labelBinding(own).pop();
    }

    /**
     * Every method of the pool classes but those that must see the real common pool: the static initialisers (a
     * {@code static final} copy of a run's pool, such as {@code CompletableFuture}'s default, would outlive the run)
     * and the common pool's parallelism, which code sizes its work by.
     */
    private static boolean poolMethod(MethodModel m) {
        return !m.methodName().equalsString("<clinit>") && !m.methodName().equalsString("asyncCommonPool")
                && !m.methodName().equalsString("getCommonPoolParallelism");
    }

    /** The common pool's reads, and {@code Unsafe.park/unpark} by way of {@code LockSupport}. */
    private static void poolCode(CodeBuilder b, CodeElement e) {
        if (e instanceof InvokeInstruction i && i.opcode() == Opcode.INVOKEVIRTUAL && i.owner().asSymbol().equals(UNSAFE)
                && (i.name().equalsString("park") && i.typeSymbol().descriptorString().equals("(ZJ)V")
                    || i.name().equalsString("unpark") && i.typeSymbol().descriptorString().equals("(Ljava/lang/Object;)V"))) {
            MethodTypeDesc type = i.typeSymbol().insertParameterTypes(0, ConstantDescs.CD_Object);
            b.invokestatic(BOOT, i.name().stringValue(), type);
            return;
        }
        b.with(e);
        if (e instanceof FieldInstruction f && f.opcode() == Opcode.GETSTATIC
                && f.typeSymbol().equals(CD_POOL)
                && (f.name().equalsString("common") || f.name().equalsString("ASYNC_POOL"))) {
            b.invokestatic(BOOT, "common", MethodTypeDesc.of(CD_POOL, CD_POOL));
        }
    }

    /** A code transform that puts {@code prefix} before a method's own code and leaves the rest as it is. */
    private record Prefix(Consumer<CodeBuilder> prefix) implements CodeTransform {
        @Override
        public void atStart(CodeBuilder b) {
            prefix.accept(b);
        }

        @Override
        public void accept(CodeBuilder b, CodeElement e) {
            b.with(e);
        }
    }

    /** Patches the classes it {@link #patches} already loaded (all of them, usually); the rest as they load. */
    public static void install(Instrumentation inst) {
        JdkClasses.patch(inst, new JdkThreads(), JdkThreads::patches,
                "platform threads stay outside the explorer's control");
    }
}
