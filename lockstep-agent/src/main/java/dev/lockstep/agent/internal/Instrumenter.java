package dev.lockstep.agent.internal;

import java.lang.classfile.AccessFlags;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.attribute.SourceFileAttribute;
import java.lang.reflect.AccessFlag;

/**
 * Instruments one class: composes the transforms, one per kind of scheduling point, over the code of each method.
 * Class initialisers are left alone: they run under the JVM's initialisation lock, where a task must not be switched
 * away from (it would block the carrier it is pinned to).
 */
final class Instrumenter {
    private Instrumenter() {}

    /** The class's bytes instrumented, or null if nothing in it needs instrumenting. */
    static byte[] instrument(byte[] classfile, ClassLoader loader, AgentOptions options) {
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.ofResourceParsing(loader).orElse(ClassHierarchyResolver.defaultResolver())));
        ClassModel model = cf.parse(classfile);
        if (model.flags().has(AccessFlag.INTERFACE) && model.methods().stream().noneMatch(m -> m.code().isPresent())) {
            return null;
        }
        String source = model.findAttribute(java.lang.classfile.Attributes.sourceFile())
                .map(SourceFileAttribute::sourceFile).map(e -> e.stringValue()).orElse("?");
        FieldKinds kinds = new FieldKinds(model, loader, options);
        ClassTransform transform = (cb, element) -> {
            if (element instanceof MethodModel m && m.code().isPresent() && !m.methodName().equalsString("<clinit>")) {
                Method method = new Method(model.thisClass().asSymbol(), m, source);
                cb.transformMethod(m, methodTransform(method, options, kinds));
            } else {
                cb.with(element);
            }
        };
        return cf.transformClass(model, transform);
    }

    /** The transforms of one method's code, composed; a synchronized method's monitor is made explicit first. */
    private static MethodTransform methodTransform(Method method, AgentOptions options, FieldKinds kinds) {
        CodeTransform code = CodeTransform.ofStateful(() -> new Lines(method));
        if (options.fields()) {
            code = code.andThen(new FieldAccesses(method, kinds)).andThen(new ArrayAccesses(method));
        }
        code = code.andThen(new MonitorPoints(method)).andThen(new CallPoints(method))
                .andThen(CodeTransform.ofStateful(BackEdges::new));
        if (method.model().flags().has(AccessFlag.SYNCHRONIZED)) {
            // Made explicit before the other transforms see the code, so that its monitor is one of theirs.
            CodeTransform explicit = CodeTransform.ofStateful(() -> new SynchronizedBody(method));
            CodeTransform all = explicit.andThen(code);
            return (mb, element) -> {
                if (element instanceof AccessFlags flags) {
                    mb.withFlags(flags.flagsMask() & ~ClassFile.ACC_SYNCHRONIZED);
                } else if (element instanceof CodeModel c) {
                    mb.transformCode(c, all);
                } else {
                    mb.with(element);
                }
            };
        }
        return MethodTransform.transformingCode(code);
    }
}
