package dev.lockstep.agent;

import dev.lockstep.agent.internal.AgentOptions;
import dev.lockstep.agent.internal.JdkThreads;
import dev.lockstep.agent.internal.JdkTime;
import dev.lockstep.agent.internal.Transformer;
import java.lang.instrument.Instrumentation;

/**
 * The Lockstep agent: with {@code -javaagent:lockstep-agent-VERSION.jar[=OPTIONS]} on the command line, the classes of
 * the program (not the JDK's, Lockstep's, JUnit's or the build tool's) are instrumented so that, under the explorer,
 * every synchronization operation and every shared field or array access is a scheduling point: monitors and {@code
 * synchronized} methods, calls into {@code java.util.concurrent}, {@code Thread.start/join/interrupt}, {@code
 * Object.wait/notify}, {@code LockSupport.park/unpark}, field and array reads and writes, and loop back edges (so that
 * a task spinning in a loop is preempted). The platform threads that a scenario's tasks start (directly, or as the
 * workers of an executor or of the common pool) run as the explorer's tasks, and the JDK's timed waits on its virtual
 * clock (see {@code dev.lockstep.boot.Threads} and {@code dev.lockstep.boot.Time}).
 *
 * {@snippet lang = "shell" :
 * java -javaagent:lockstep-agent-0.1.0-SNAPSHOT.jar=exclude=com.example.generated.* -cp ... org.junit.platform.console...
 * }
 *
 * <p>Options, comma-separated: {@code include=PKG.*} and {@code exclude=PKG.*} (several patterns separated by
 * {@code ;}), {@code fields=all|none} (default {@code all}: plain and volatile fields and array elements are
 * scheduling points), {@code races} (report data races also outside the explorer: a plain run, on real threads, is
 * checked by the same happens-before detector the explorer runs, and each race is printed once on standard error),
 * {@code benign=com.example.Stats.hits} or {@code com.example.Stats.*} (races on those fields are never reported, as
 * for a field annotated {@code @BenignRace}), {@code time=virtual|real}. Without an explorer, instrumented
 * code behaves exactly as before, at the cost of one read of a static field per instrumented operation.
 */
public final class Agent {
    /** The system property the agent sets to its options, so that an explorer can say what it could see. */
    public static final String PROPERTY = "lockstep.agent";

    private Agent() {}

    /** Called by the JVM for {@code -javaagent}. */
    public static void premain(String args, Instrumentation inst) {
        install(args, inst);
    }

    /** Called by the JVM when the agent is attached to a running JVM: classes loaded from then on are instrumented. */
    public static void agentmain(String args, Instrumentation inst) {
        install(args, inst);
    }

    private static void install(String args, Instrumentation inst) {
        AgentOptions options = AgentOptions.parse(args);
        boolean boot = bootClassPath(inst);
        boolean virtualTime = options.virtualTime() && boot;
        if (virtualTime) {
            JdkTime.install(inst);
        }
        if (boot) {
            JdkThreads.install(inst);
        }
        inst.addTransformer(new Transformer(options, inst), false);
        System.setProperty(PROPERTY, options.describe() + (virtualTime ? ",time=virtual" : "")
                + (boot ? ",threads=controlled" : ""));
    }

    /** The classes the patched JDK calls: they must be loaded by the boot class loader. */
    private static final String[] BOOT_CLASSES = {"dev/lockstep/boot/Time.class", "dev/lockstep/boot/Threads.class"};
    /** The package the boot classes are compiled in, and the prefix they get in java.lang: the same length. */
    private static final byte[] COMPILED = "dev/lockstep/boot/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DEFINED = "java/lang/Lockstep".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Makes the boot classes callable from {@code java.base} (the JDK's patched timed waits and thread methods call
     * them): {@code dev.lockstep.boot.Time} and {@code Threads} are defined in {@code java.lang} as {@code
     * java.lang.LockstepTime} and {@code java.lang.LockstepThreads}, through a lookup in {@code java.lang}.
     * Appending a jar to the boot class path would do too, but makes the JVM print a warning about class-data
     * sharing on every start. False if it cannot be done.
     */
    private static boolean bootClassPath(Instrumentation inst) {
        try {
            inst.redefineModule(Object.class.getModule(), java.util.Set.of(), java.util.Map.of(),
                    java.util.Map.of("java.lang", java.util.Set.of(Agent.class.getModule())), java.util.Set.of(),
                    java.util.Map.of());
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.privateLookupIn(
                    Object.class, java.lang.invoke.MethodHandles.lookup());
            for (String name : BOOT_CLASSES) {
                try (java.io.InputStream in = Agent.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new java.io.FileNotFoundException(name);
                    }
                    lookup.defineClass(renamed(in.readAllBytes()));
                }
            }
            return true;
        } catch (Exception | LinkageError e) {
            System.err.println("lockstep agent: the JDK's timed waits stay on real time, and its platform threads outside"
                    + " the explorer's control (" + e + ")");
            return false;
        }
    }

    /**
     * The class file with every name in {@code dev/lockstep/boot/} moved to {@code java/lang/Lockstep}: both 18
     * ASCII bytes, so the constant pool's lengths stay as they are.
     */
    static byte[] renamed(byte[] classFile) {
        byte[] out = classFile.clone();
        outer:
        for (int i = 0; i + COMPILED.length <= out.length; i++) {
            for (int k = 0; k < COMPILED.length; k++) {
                if (out[i + k] != COMPILED[k]) {
                    continue outer;
                }
            }
            System.arraycopy(DEFINED, 0, out, i, DEFINED.length);
            i += COMPILED.length - 1;
        }
        return out;
    }
}
