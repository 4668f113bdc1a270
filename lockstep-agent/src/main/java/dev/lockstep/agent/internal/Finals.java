package dev.lockstep.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.constant.ClassDesc;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which fields are final: their accesses are no scheduling points (a final field is written once, before its object is
 * shared). The class being instrumented answers from its own model; other classes from their class files, read as
 * resources of the same class loader, never loaded.
 */
final class Finals {
    private final ClassModel self;
    private final ClassLoader loader;
    /** Final fields by class, as "name:descriptor"; shared by every class of a loader would be better, but is not needed. */
    private final Map<ClassDesc, Set<String>> byClass = new HashMap<>();

    Finals(ClassModel self, ClassLoader loader) {
        this.self = self;
        this.loader = loader;
    }

    boolean isFinal(ClassDesc owner, String name, String descriptor) {
        return byClass.computeIfAbsent(owner, this::read).contains(name + ":" + descriptor);
    }

    private Set<String> read(ClassDesc owner) {
        ClassModel model = owner.equals(self.thisClass().asSymbol()) ? self : parse(owner);
        Set<String> finals = new HashSet<>();
        if (model != null) {
            for (FieldModel f : model.fields()) {
                if ((f.flags().flagsMask() & ClassFile.ACC_FINAL) != 0) {
                    finals.add(f.fieldName().stringValue() + ":" + f.fieldType().stringValue());
                }
            }
        }
        return finals;
    }

    private ClassModel parse(ClassDesc owner) {
        String descriptor = owner.descriptorString();
        String resource = descriptor.substring(1, descriptor.length() - 1) + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : ClassFile.of().parse(in.readAllBytes());
        } catch (IOException | IllegalArgumentException e) {
            return null; // unknown: its fields count as not final
        }
    }
}
