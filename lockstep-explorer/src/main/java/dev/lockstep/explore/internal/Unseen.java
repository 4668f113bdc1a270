package dev.lockstep.explore.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ConstantDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.classfile.instruction.MonitorInstruction;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a scenario synchronizes with that an exploration without the agent cannot see: {@code synchronized} blocks and
 * methods, and the locks and atomics of {@code java.util.concurrent}, which are no scheduling points unless they
 * block. Found by reading the bytecode of the scenario's entry method and of the methods it calls, through the same
 * class loader (not the JDK's, not Lockstep's), a bounded number of them.
 */
final class Unseen {
    private static final int MAX_METHODS = 500;

    private Unseen() {}

    /**
     * The kinds found in the code that {@code entry} reaches, e.g. {@code [ReentrantLock, synchronized]}; empty if
     * none (or the code cannot be read). Without an entry method, every method of its class counts as reached.
     */
    static Set<String> in(EntryPoint entry) {
        Set<String> found = new TreeSet<>();
        Class<?> source = entry.source();
        ClassLoader loader = source.getClassLoader();
        if (loader == null) {
            return found;
        }
        ArrayDeque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        String start = source.getName().replace('.', '/') + "." + (entry.method() == null ? "*" : entry.method());
        queue.add(start);
        seen.add(start);
        while (!queue.isEmpty() && seen.size() <= MAX_METHODS) {
            String next = queue.poll();
            int dot = next.lastIndexOf('.');
            ClassModel model = parse(loader, next.substring(0, dot));
            String wanted = next.substring(dot + 1);
            if (model == null) {
                continue;
            }
            for (MethodModel m : model.methods()) {
                if (!wanted.equals("*") && !m.methodName().equalsString(wanted)) {
                    continue;
                }
                if ((m.flags().flagsMask() & ClassFile.ACC_SYNCHRONIZED) != 0) {
                    found.add("synchronized");
                }
                if (m.code().isEmpty()) {
                    continue;
                }
                for (CodeElement e : m.code().get()) {
                    if (e instanceof MonitorInstruction) {
                        found.add("synchronized");
                    } else if (e instanceof InvokeInstruction i) {
                        String owner = i.owner().asInternalName();
                        if (owner.startsWith("java/util/concurrent/locks/") && !owner.endsWith("LockSupport")
                                || owner.startsWith("java/util/concurrent/atomic/")) {
                            found.add(owner.substring(owner.lastIndexOf('/') + 1).replace('$', '.'));
                        } else if (own(owner) && seen.add(owner + "." + i.name().stringValue())) {
                            queue.add(owner + "." + i.name().stringValue());
                        }
                    } else if (e instanceof InvokeDynamicInstruction d) {
                        // A lambda or method reference made here: its body runs too, in this task or another.
                        for (ConstantDesc arg : d.bootstrapArgs()) {
                            if (arg instanceof DirectMethodHandleDesc h) {
                                String owner = h.owner().descriptorString();
                                owner = owner.substring(1, owner.length() - 1);
                                if (own(owner) && seen.add(owner + "." + h.methodName())) {
                                    queue.add(owner + "." + h.methodName());
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /** A class of the program, neither the JDK's nor Lockstep's runtime. */
    private static boolean own(String owner) {
        return !(owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/")
                || owner.startsWith("sun/") || owner.startsWith("dev/lockstep/sync/")
                || owner.startsWith("dev/lockstep/task/") || owner.startsWith("dev/lockstep/explore/")
                || owner.startsWith("dev/lockstep/internal/") || owner.startsWith("org/junit/")
                || owner.startsWith("["));
    }

    private static ClassModel parse(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : ClassFile.of().parse(in.readAllBytes());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
