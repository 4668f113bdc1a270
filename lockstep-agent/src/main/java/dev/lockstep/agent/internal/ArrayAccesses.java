package dev.lockstep.agent.internal;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.ArrayStoreInstruction;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.NewPrimitiveArrayInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;

/**
 * Array element reads and writes become scheduling points: before each array load and store, a call of {@code
 * Instrumented.readElement} or {@code writeElement} with the array, the index and the site.
 */
final class ArrayAccesses implements CodeTransform {
    private static final MethodTypeDesc ARRAY_INDEX_SITE = MethodTypeDesc.of(ConstantDescs.CD_void, Method.OBJECT,
            ConstantDescs.CD_int, Method.STRING);

    private final Method method;
    /**
     * Inside an array initialiser ({@code new T[] {a, b}}, varargs): from the array's creation to the end of its
     * basic block, before any call or field store. Its stores go to an array nobody else can see yet.
     */
    private boolean initialiser;

    ArrayAccesses(Method method) {
        this.method = method;
    }

    @Override
    public void accept(CodeBuilder b, CodeElement e) {
        switch (e) {
            case NewPrimitiveArrayInstruction n -> initialiser = true;
            case NewReferenceArrayInstruction n -> initialiser = true;
            case LabelTarget l -> initialiser = false;
            case BranchInstruction br -> initialiser = false;
            case FieldInstruction f -> initialiser = false;
            case InvokeInstruction i -> initialiser = false;
            default -> { }
        }
        if (initialiser && e instanceof ArrayStoreInstruction) {
            b.with(e);
            return;
        }
        if (e instanceof ArrayLoadInstruction load) {
            String site = method.site(name(load.typeKind()));
            b.dup2().ldc(site).invokestatic(Method.HOOK, "readElement", ARRAY_INDEX_SITE);
        } else if (e instanceof ArrayStoreInstruction store) {
            // array, index, value: set the value aside, hand the hook array and index, put the value back.
            TypeKind kind = store.typeKind();
            TypeKind held = kind.asLoadable();
            int slot = b.allocateLocal(held);
            String site = method.site(name(kind));
            b.storeLocal(held, slot).dup2().ldc(site).invokestatic(Method.HOOK, "writeElement", ARRAY_INDEX_SITE)
                    .loadLocal(held, slot);
        }
        b.with(e);
    }

    /** How a trace names an element of this kind of array: {@code int[]}, {@code Object[]}. */
    private static String name(TypeKind kind) {
        return switch (kind) {
            case REFERENCE -> "Object[]";
            case BOOLEAN -> "byte[]"; // baload and bastore serve boolean and byte arrays alike
            default -> kind.upperBound().displayName() + "[]";
        };
    }
}
