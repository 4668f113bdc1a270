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
    private static final java.lang.constant.MethodTypeDesc OBJECT_STRING_BOOLEAN = java.lang.constant.MethodTypeDesc.of(
            java.lang.constant.ConstantDescs.CD_void, Method.OBJECT, Method.STRING,
            java.lang.constant.ConstantDescs.CD_boolean);

    private final Method method;
    private final FieldKinds kinds;

    FieldAccesses(Method method, FieldKinds kinds) {
        this.method = method;
        this.kinds = kinds;
    }

    @Override
    public void accept(CodeBuilder b, CodeElement e) {
        if (!(e instanceof FieldInstruction f) || skipped(f)) {
            b.with(e);
            return;
        }
        ClassDesc owner = f.owner().asSymbol();
        String site = method.site(Method.simpleName(owner) + "." + f.name().stringValue());
        FieldKinds.Kind kind = kinds.kind(owner, f.name().stringValue(), f.type().stringValue());
        switch (f.opcode()) {
            case GETFIELD -> hook(b.dup().ldc(site), kind, false);
            case PUTFIELD -> {
                // object, value: set the value aside, hand the hook the object, put the value back.
                TypeKind type = TypeKind.from(f.typeSymbol());
                int slot = b.allocateLocal(type);
                hook(b.storeLocal(type, slot).dup().ldc(site), kind, true);
                b.loadLocal(type, slot);
            }
            case GETSTATIC -> hook(b.ldc(owner).ldc(site), kind, false);
            case PUTSTATIC -> hook(b.ldc(owner).ldc(site), kind, true);
            default -> { }
        }
        b.with(e);
    }

    /** The hook call, with the owner and the site on the stack: plain, volatile, or a benign race. */
    private static void hook(CodeBuilder b, FieldKinds.Kind kind, boolean write) {
        switch (kind) {
            case VOLATILE -> b.invokestatic(Method.HOOK, write ? "writeVolatile" : "readVolatile",
                    Method.OBJECT_STRING);
            case BENIGN -> b.loadConstant(write ? 1 : 0).invokestatic(Method.HOOK, "accessBenign",
                    OBJECT_STRING_BOOLEAN);
            default -> b.invokestatic(Method.HOOK, write ? "write" : "read", Method.OBJECT_STRING);
        }
    }

    private boolean skipped(FieldInstruction f) {
        ClassDesc owner = f.owner().asSymbol();
        if (kinds.kind(owner, f.name().stringValue(), f.type().stringValue()) == FieldKinds.Kind.FINAL) {
            return true;
        }
        boolean instance = f.opcode() == java.lang.classfile.Opcode.GETFIELD
                || f.opcode() == java.lang.classfile.Opcode.PUTFIELD;
        return instance && method.isConstructor() && owner.equals(method.owner());
    }
}
