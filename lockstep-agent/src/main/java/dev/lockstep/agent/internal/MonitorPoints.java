package dev.lockstep.agent.internal;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.MonitorInstruction;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;

/**
 * Monitors become scheduling points that the explorer keeps books on: before {@code monitorenter}, a call of {@code
 * Instrumented.monitorEnter} (which, under the explorer, returns only once the monitor is free for this task, so that
 * the real {@code monitorenter} never blocks); before {@code monitorexit}, {@code Instrumented.monitorExit}.
 */
final class MonitorPoints implements CodeTransform {
    private static final MethodTypeDesc OBJECT = MethodTypeDesc.of(ConstantDescs.CD_void, Method.OBJECT);

    private final Method method;

    MonitorPoints(Method method) {
        this.method = method;
    }

    @Override
    public void accept(CodeBuilder b, CodeElement e) {
        if (e instanceof MonitorInstruction m) {
            if (m.opcode() == Opcode.MONITORENTER) {
                b.dup().ldc(method.site("synchronized")).invokestatic(Method.HOOK, "monitorEnter", Method.OBJECT_STRING);
            } else {
                b.dup().invokestatic(Method.HOOK, "monitorExit", OBJECT);
            }
        }
        b.with(e);
    }
}
