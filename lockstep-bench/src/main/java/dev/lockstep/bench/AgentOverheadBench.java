package dev.lockstep.bench;

import dev.lockstep.workload.FieldLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the agent costs when no explorer runs: a field-heavy loop (two field reads and a write per element) in a JVM
 * with the JVM's default settings, without the agent ({@link #plain}) and, in {@link Attached}, with it.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
public class AgentOverheadBench extends Base {
    /** Where {@code ./run-benchmarks} finds the agent, relative to the repository it runs in. */
    static final String AGENT = "-javaagent:lockstep-agent/target/lockstep-agent-0.1.0-SNAPSHOT.jar";

    FieldLoop loop;

    @Setup
    public void setup() {
        loop = new FieldLoop(1000);
    }

    /** 1,000 elements a call, without the agent. */
    @Benchmark
    public long plain() {
        return loop.run(1);
    }

    /** The same loop with the agent attached (and no explorer): every access reads one static flag first. */
    @State(Scope.Thread)
    @Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", AGENT})
    public static class Attached extends Base {
        FieldLoop loop;

        @Setup
        public void setup() {
            loop = new FieldLoop(1000);
        }

        @Benchmark
        public long withAgent() {
            return loop.run(1);
        }
    }

    /**
     * The same loop with the agent's {@code races} option (and no explorer): every access goes through the JVM-wide
     * race detector, what a plain test run with {@code -javaagent:...=races} pays.
     */
    @State(Scope.Thread)
    @Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", AGENT + "=races"})
    public static class Races extends Base {
        FieldLoop loop;

        @Setup
        public void setup() {
            loop = new FieldLoop(1000);
        }

        @Benchmark
        public long withRaces() {
            return loop.run(1);
        }
    }
}
