package dev.lockstep.agent.internal;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.instruction.LineNumber;

/** Keeps the method's current source line up to date for the transforms after it; changes nothing. */
final class Lines implements CodeTransform {
    private final Method method;

    Lines(Method method) {
        this.method = method;
    }

    @Override
    public void accept(CodeBuilder builder, CodeElement element) {
        if (element instanceof LineNumber n) {
            method.line = n.line();
        }
        builder.with(element);
    }
}
