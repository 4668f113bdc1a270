package dev.lockstep.agent.internal;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.HashSet;
import java.util.Set;

/**
 * Loop back edges become steps: before a branch to a label already passed (a jump backwards, which every loop has), a
 * call of {@code Instrumented.backEdge}. The explorer counts them, so that a task spinning in a loop without any other
 * scheduling point is preempted and a run that never ends reaches its step limit.
 */
final class BackEdges implements CodeTransform {
    private static final MethodTypeDesc VOID = MethodTypeDesc.of(ConstantDescs.CD_void);
    private final Set<Label> passed = new HashSet<>();

    @Override
    public void accept(CodeBuilder b, CodeElement e) {
        if (e instanceof LabelTarget t) {
            passed.add(t.label());
        } else if (e instanceof BranchInstruction branch && passed.contains(branch.target())) {
            b.invokestatic(Method.HOOK, "backEdge", VOID);
        }
        b.with(e);
    }
}
