package dev.loihi.cli;

import static dev.loihi.common.MessageText.oneLine;
import static dev.loihi.common.MessageText.printable;

import dev.loihi.common.LoihiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code loihi} command. Expected failures ({@link LoihiException}, bad arguments) print one
 * line and exit 2; anything else is a bug and exits 3, with the stack trace only when
 * {@code LOIHI_DEBUG=1}.
 */
@Command(name = "loihi", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Compile spiking neural networks for Loihi and run them on a board or the bit-exact emulator.",
        subcommands = {
                CompileCommand.class,
                InspectCommand.class,
                EmulateCommand.class,
                ExportRawCommand.class,
                ExportNirCommand.class,
                RunCommand.class,
                EvaluateCommand.class,
                ServeCommand.class,
                ConfigCommand.class,
                ExampleCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_USER_ERROR = 2;
    public static final int EXIT_INTERNAL_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line; the entry point tests use. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        // every command's --version prints the tool's version, not just the top level's
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("error: [" + CliErrors.CLI_USAGE + "] " + printable(oneLine(ex.getMessage())) + didYouMean(ex) + " (see: loihi "
                    + commandPath(ex.getCommandLine()) + "--help)");
            return EXIT_USER_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, err));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // an Error passes picocli's handler; the failed allocation's memory is free again here
            return outOfMemory(err);
        }
    }

    /** One line for a heap too small for the work (a big model's dense matrices), not a stack trace. */
    static int outOfMemory(PrintWriter err) {
        long mib = Runtime.getRuntime().maxMemory() / (1 << 20);
        long more = Math.max(2, (2 * mib + 1023) / 1024);
        err.println("error: [" + CliErrors.OUT_OF_MEMORY + "] the JVM ran out of heap: maxHeap=" + mib
                + " MiB (give it more where the machine has it, e.g. LOIHI_JAVA_OPTS=\"-Xss4m -Xmx" + more + "g\" ./loihi ...)");
        return EXIT_USER_ERROR;
    }

    static int report(Throwable ex, PrintWriter err) {
        Throwable cause = ex;
        while (!(cause instanceof LoihiException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof LoihiException le) {
            // its own line, even where the heap was its reason (a serve whose mailbox thread died)
            err.println("error: [" + le.code() + "] " + printable(oneLine(le.getMessage())));
            return EXIT_USER_ERROR;
        }
        if (cause instanceof OutOfMemoryError) {
            return outOfMemory(err);
        }
        err.println("internal error: " + printable(oneLine(String.valueOf(ex))) + " (set LOIHI_DEBUG=1 for the stack trace)");
        if ("1".equals(System.getenv("LOIHI_DEBUG"))) {
            ex.printStackTrace(err);
        }
        return EXIT_INTERNAL_ERROR;
    }

    /** Picocli's nearest commands or options to a misspelt one ({@code runn}: run). */
    private static String didYouMean(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            return ", didYouMean=" + String.join("|", u.getSuggestions().subList(0, Math.min(3, u.getSuggestions().size())));
        }
        return "";
    }

    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            sb.insert(0, c.getCommandName() + " ");
        }
        return sb.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"loihi " + (v == null ? "dev" : v) + ", image format "
                    + dev.loihi.image.Image.FORMAT_VERSION};
        }
    }
}
