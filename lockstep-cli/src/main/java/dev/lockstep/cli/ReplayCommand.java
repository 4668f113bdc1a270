package dev.lockstep.cli;

import dev.lockstep.explore.Explorer;
import dev.lockstep.explore.Failure;
import dev.lockstep.explore.HtmlReport;
import dev.lockstep.explore.Report;
import dev.lockstep.junit.ExploreTest;
import dev.lockstep.junit.MethodScenario;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lockstep replay CLASS#METHOD SCHEDULE}: runs one method once, along a failure's schedule. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Run CLASS#METHOD once along SCHEDULE (a failure's schedule string) and show its trace.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLASS#METHOD", description = "The test method.")
    String target;

    @Parameters(index = "1", paramLabel = "SCHEDULE", description = "The schedule, e.g. 1:0*3.1.2*2.0")
    String schedule;

    @Option(names = "--classpath", paramLabel = "PATH", description = "Directories and jars, separated by ':'.")
    String classpath;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Where to write the HTML report.")
    Path report;

    @Option(names = "--format", paramLabel = "text|mermaid|json", defaultValue = "text",
            description = "How to print the result.")
    String format;

    @Override
    public Integer call() throws Exception {
        Output.checkFormat(format);
        if (!target.contains("#")) {
            throw new IllegalArgumentException("replay needs CLASS#METHOD, got " + target);
        }
        PrintWriter out = spec.commandLine().getOut();
        ClassLoader loader = Targets.loader(classpath);
        Class<?> type = Targets.type(target, loader);
        List<Method> methods = Targets.methods(target, type);
        Method m = methods.get(0);
        Targets.runnableWithoutJUnit(type, m);
        ExploreTest settings = m.getAnnotation(ExploreTest.class);
        Explorer explorer = settings != null ? MethodScenario.explorer(settings) : Explorer.builder().build();
        Report r = ExploreCommand.withContextLoader(loader,
                () -> explorer.replay(MethodScenario.of(type, m), schedule));
        String name = type.getName() + "#" + m.getName();
        Path file = Output.reportFile(report, null);
        HtmlReport.write(r, file, name + " (replay)", "./lockstep replay " + name + " %s");
        Output.print(out, format, name, r, "Replayed schedule: %s");
        PrintWriter say = "text".equals(format) ? out : spec.commandLine().getErr();
        boolean leftSchedule = r.failure().map(f -> f.kind() == Failure.Kind.NONDETERMINISM
                && f.message().startsWith("the run left its schedule")).orElse(false);
        say.println(leftSchedule ? "The schedule could not be followed: it was recorded for another method, or "
                + name + " does not run the same way each time."
                : r.failed() ? "The failure reproduced." : "This schedule does not fail (any more).");
        say.println("HTML report: " + file.toAbsolutePath());
        out.flush();
        say.flush();
        return r.failed() ? Main.BUG : Main.OK;
    }
}
