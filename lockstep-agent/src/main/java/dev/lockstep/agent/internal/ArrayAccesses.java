package dev.lockstep.agent.internal;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.ArrayStoreInstruction;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.Set;

/**
 * Array element reads and writes become scheduling points: before each array load and store, a call of {@code
 * Instrumented.readElement} or {@code writeElement} with the array, the index and the site. An array the method
 * created and still holds alone (a local buffer, an array initialiser before it is passed on) is left alone: see
 * {@link LocalArrays}.
 */
final class ArrayAccesses implements CodeTransform {
    private static final MethodTypeDesc ARRAY_INDEX_SITE = MethodTypeDesc.of(ConstantDescs.CD_void, Method.OBJECT,
            ConstantDescs.CD_int, Method.STRING);

    private final Method method;
    /** The accesses to arrays that have not left the method: no other thread can touch them, so no points. */
    private final Set<CodeElement> local;

    ArrayAccesses(Method method) {
        this.method = method;
        this.local = LocalArrays.of(method.model().code().orElseThrow());
    }

    @Override
    public void accept(CodeBuilder b, CodeElement e) {
        if (local.contains(e)) {
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
