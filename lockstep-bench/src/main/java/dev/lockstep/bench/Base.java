package dev.lockstep.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings every benchmark shares: throughput, medians over five one-second iterations after warm-up. The heap
 * is fixed and touched at start-up (on transparent huge pages, which makes that take a fraction of a second): on this
 * kind of virtual machine a page of heap touched for the first time costs microseconds, and a heap that grows during a
 * measurement made whole iterations several times slower than the same code on a warm heap.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens",
    "java.base/java.util.concurrent=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+UseTransparentHugePages",
    "-XX:+AlwaysPreTouch"})
public abstract class Base {
    /** Operations per benchmark invocation, shared by all threads of the configuration. */
    public static final int OPS = 100_000;
}
