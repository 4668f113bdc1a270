package dev.lockstep.agent.internal;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.constant.ClassDesc;

/**
 * Field reads and writes become scheduling points: before each {@code getfield}, {@code putfield}, {@code getstatic}
 * and {@code putstatic} of a field that is not final, a call of {@code Instrumented.read} or {@code write} with the
 * object (or the class, for a static field) and the site. A constructor's accesses to the fields of the object it
 * builds are left alone: nobody else can see that object yet.
 */
final class FieldAccesses implements CodeTransform {
    private final Method method;
    private final Finals finals;

    FieldAccesses(Method method, Finals finals) {
        this.method = method;
        this.finals = finals;
    }

    @Override
    public void accept(CodeBuilder b, CodeElement e) {
        if (!(e instanceof FieldInstruction f) || skipped(f)) {
            b.with(e);
            return;
        }
        ClassDesc owner = f.owner().asSymbol();
        String site = method.site(Method.simpleName(owner) + "." + f.name().stringValue());
        switch (f.opcode()) {
            case GETFIELD -> {
                b.dup().ldc(site).invokestatic(Method.HOOK, "read", Method.OBJECT_STRING);
            }
            case PUTFIELD -> {
                // object, value: set the value aside, hand the hook the object, put the value back.
                TypeKind kind = TypeKind.from(f.typeSymbol());
                int slot = b.allocateLocal(kind);
                b.storeLocal(kind, slot).dup().ldc(site).invokestatic(Method.HOOK, "write", Method.OBJECT_STRING)
                        .loadLocal(kind, slot);
            }
            case GETSTATIC -> b.ldc(owner).ldc(site).invokestatic(Method.HOOK, "read", Method.OBJECT_STRING);
            case PUTSTATIC -> b.ldc(owner).ldc(site).invokestatic(Method.HOOK, "write", Method.OBJECT_STRING);
            default -> { }
        }
        b.with(e);
    }

    private boolean skipped(FieldInstruction f) {
        ClassDesc owner = f.owner().asSymbol();
        if (finals.isFinal(owner, f.name().stringValue(), f.type().stringValue())) {
            return true;
        }
        boolean instance = f.opcode() == java.lang.classfile.Opcode.GETFIELD
                || f.opcode() == java.lang.classfile.Opcode.PUTFIELD;
        return instance && method.isConstructor() && owner.equals(method.owner());
    }
}
