package dev.lockstep.agent.internal;

import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * The method being instrumented, as its transforms share it: its class, its source file, and the source line the
 * transforms have reached ({@link Lines} keeps it). Sites, the strings instrumented code hands the hooks, are made here.
 */
final class Method {
    /** Where the hooks live, in Lockstep's core. */
    static final ClassDesc HOOK = ClassDesc.of("dev.lockstep.internal.hook.Instrumented");
    static final ClassDesc OBJECT = ClassDesc.of("java.lang.Object");
    static final ClassDesc STRING = ClassDesc.of("java.lang.String");
    static final ClassDesc THREAD = ClassDesc.of("java.lang.Thread");
    static final MethodTypeDesc OBJECT_STRING = MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_void, OBJECT,
            STRING);

    private final ClassDesc owner;
    private final MethodModel model;
    private final String source;
    /** The source line of the instructions being transformed, or 0 before the first line number. */
    int line;

    Method(ClassDesc owner, MethodModel model, String source) {
        this.owner = owner;
        this.model = model;
        this.source = source;
    }

    ClassDesc owner() {
        return owner;
    }

    MethodModel model() {
        return model;
    }

    boolean isConstructor() {
        return model.methodName().equalsString("<init>");
    }

    boolean isStatic() {
        return (model.flags().flagsMask() & java.lang.classfile.ClassFile.ACC_STATIC) != 0;
    }

    /** {@code what@File.java:12}: the site of an operation on the current line. */
    String site(String what) {
        return what + "@" + source + ":" + line;
    }

    /** A class as a trace names it: {@code Account}, {@code Outer.Inner}. */
    static String simpleName(ClassDesc type) {
        if (type.isArray()) {
            return simpleName(type.componentType()) + "[]";
        }
        if (type.isPrimitive()) {
            return type.displayName();
        }
        return type.displayName().replace('$', '.');
    }
}
