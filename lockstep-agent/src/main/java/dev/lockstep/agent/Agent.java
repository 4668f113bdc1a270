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
 * scheduling points), {@code races} (report data races also outside the explorer). Without an explorer, instrumented
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

    /**
     * Makes {@code dev.lockstep.boot} loadable by the boot class loader (the JDK's patched timed waits and thread
     * methods call it): its classes, copied into a jar of their own, are appended to the boot class path (the whole
     * agent jar would make the boot loader the loader of every agent class). False if that cannot be done.
     */
    private static boolean bootClassPath(Instrumentation inst) {
        try {
            java.nio.file.Path jar = java.nio.file.Files.createTempFile("lockstep-boot", ".jar");
            jar.toFile().deleteOnExit();
            try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
                for (String name : BOOT_CLASSES) {
                    try (java.io.InputStream in = Agent.class.getClassLoader().getResourceAsStream(name)) {
                        if (in == null) {
                            throw new java.io.FileNotFoundException(name);
                        }
                        out.putNextEntry(new java.util.jar.JarEntry(name));
                        in.transferTo(out);
                        out.closeEntry();
                    }
                }
            }
            inst.appendToBootstrapClassLoaderSearch(new java.util.jar.JarFile(jar.toFile()));
            // java.base calls it, and a named module reads the boot loader's unnamed module only when told to.
            Module boot = Class.forName("dev.lockstep.boot.Time", false, null).getModule();
            inst.redefineModule(Object.class.getModule(), java.util.Set.of(boot), java.util.Map.of(),
                    java.util.Map.of(), java.util.Set.of(), java.util.Map.of());
            return true;
        } catch (Exception e) {
            System.err.println("lockstep agent: the JDK's timed waits stay on real time, and its platform threads outside"
                    + " the explorer's control (" + e + ")");
            return false;
        }
    }
}
