package dev.lockstep.agent.internal;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ReturnInstruction;

/**
 * Makes a synchronized method's monitor explicit, as {@code javac} compiles a {@code synchronized} block: the method
 * (whose {@code ACC_SYNCHRONIZED} flag the instrumenter drops) enters its monitor ({@code this}, or its class for a
 * static method) first, exits it before every return, and exits it on the way out of any exception. The monitor
 * instructions it writes are then seen by {@link MonitorPoints} like any other.
 */
final class SynchronizedBody implements CodeTransform {
    private final Method method;
    private int slot = -1;
    private Label start;
    private Label end;

    SynchronizedBody(Method method) {
        this.method = method;
    }

    @Override
    public void atStart(CodeBuilder b) {
        slot = b.allocateLocal(TypeKind.REFERENCE);
        if (method.isStatic()) {
            b.ldc(method.owner());
        } else {
            b.aload(0);
        }
        b.dup().astore(slot).monitorenter();
        start = b.newBoundLabel();
        end = b.newLabel();
    }

    @Override
    public void accept(CodeBuilder b, CodeElement e) {
        if (e instanceof ReturnInstruction) {
            b.aload(slot).monitorexit();
        }
        b.with(e);
    }

    @Override
    public void atEnd(CodeBuilder b) {
        b.labelBinding(end);
        Label handler = b.newBoundLabel();
        b.aload(slot).monitorexit().athrow();
        b.exceptionCatchAll(start, end, handler);
    }
}
