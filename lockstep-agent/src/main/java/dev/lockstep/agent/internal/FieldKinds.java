package dev.lockstep.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Annotation;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.constant.ClassDesc;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What kind each field is, as its accesses are instrumented: final (no scheduling point: written once, before its
 * object is shared), volatile (a release or acquire for the race detector), benign (a race the user judged harmless,
 * by {@code @BenignRace} or the agent's {@code benign=} option: a scheduling point, but never reported), or plain.
 * The class being instrumented answers from its own model; other classes from their class files, read as resources
 * of the same class loader, never loaded.
 */
final class FieldKinds {
    enum Kind { PLAIN, FINAL, VOLATILE, BENIGN }

    /** The annotation that marks a benign race, as the class file names it. */
    static final String BENIGN_RACE = "Ldev/lockstep/sync/BenignRace;";

    private final ClassModel self;
    private final ClassLoader loader;
    private final AgentOptions options;
    /** Field kinds by class, by "name:descriptor"; absent means plain. */
    private final Map<ClassDesc, Map<String, Kind>> byClass = new HashMap<>();

    FieldKinds(ClassModel self, ClassLoader loader, AgentOptions options) {
        this.self = self;
        this.loader = loader;
        this.options = options;
    }

    Kind kind(ClassDesc owner, String name, String descriptor) {
        return byClass.computeIfAbsent(owner, this::read).getOrDefault(name + ":" + descriptor, Kind.PLAIN);
    }

    private Map<String, Kind> read(ClassDesc owner) {
        ClassModel model = owner.equals(self.thisClass().asSymbol()) ? self : parse(owner);
        Map<String, Kind> kinds = new HashMap<>();
        if (model != null) {
            String className = model.thisClass().asInternalName().replace('/', '.');
            for (FieldModel f : model.fields()) {
                int flags = f.flags().flagsMask();
                String name = f.fieldName().stringValue();
                Kind k = (flags & ClassFile.ACC_FINAL) != 0 ? Kind.FINAL
                        : benign(f) || options.benign(className, name) ? Kind.BENIGN
                        : (flags & ClassFile.ACC_VOLATILE) != 0 ? Kind.VOLATILE : Kind.PLAIN;
                if (k != Kind.PLAIN) {
                    kinds.put(name + ":" + f.fieldType().stringValue(), k);
                }
            }
        }
        return kinds;
    }

    private static boolean benign(FieldModel f) {
        return has(f.findAttribute(Attributes.runtimeInvisibleAnnotations()).map(a -> a.annotations()))
                || has(f.findAttribute(Attributes.runtimeVisibleAnnotations()).map(a -> a.annotations()));
    }

    private static boolean has(java.util.Optional<List<Annotation>> annotations) {
        return annotations.map(list -> list.stream()
                .anyMatch(a -> a.className().stringValue().equals(BENIGN_RACE))).orElse(false);
    }

    private ClassModel parse(ClassDesc owner) {
        String descriptor = owner.descriptorString();
        String resource = descriptor.substring(1, descriptor.length() - 1) + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            return in == null ? null : ClassFile.of().parse(in.readAllBytes());
        } catch (IOException | IllegalArgumentException e) {
            return null; // unknown: its fields count as plain
        }
    }
}
