package dev.lockstep.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lockstep} command: {@code explore}, {@code replay}, {@code demo}. Exit codes: 0 no failure, 1 usage or
 * internal error, 2 a bug was found.
 */
@Command(name = "lockstep", mixinStandardHelpOptions = true, version = "lockstep 0.1.0-SNAPSHOT",
        description = "Finds the races of Java code on virtual threads by exploring their interleavings.",
        subcommands = {ExploreCommand.class, ReplayCommand.class, DemoCommand.class, VerifyCommand.class},
        exitCodeOnInvalidInput = 1, exitCodeOnExecutionException = 1)
public final class Main implements Runnable {
    /** Exit code: no failure. */
    public static final int OK = 0;
    /** Exit code: usage or internal error. */
    public static final int ERROR = 1;
    /** Exit code: a bug was found. */
    public static final int BUG = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Debug reports go through System.Logger; on the command line one plain line per report reads best.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests: no System.exit). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // A usage error (a missing argument, an unknown option) is exit 1, as for every subcommand: 2 means a bug.
        cl.setParameterExceptionHandler((e, given) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("lockstep: " + e.getMessage());
            cmd.getErr().println("Run './lockstep " + (cmd == cl ? "" : cmd.getCommandName() + " ") + "--help' for"
                    + " its usage.");
            return ERROR;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("lockstep: " + e.getMessage());
            if (Boolean.getBoolean("lockstep.debugCli")) {
                e.printStackTrace(cmd.getErr());
            }
            return ERROR;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
