package dev.tta.workflow.ops.flame;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code flame} and {@code timeline} commands of the ops command line:
 *
 * <pre>
 * flame    --spans &lt;file&gt; [--spans &lt;file&gt; ...] --out &lt;dir&gt; [--format auto|zipkin|otlp] [--title &lt;text&gt;]
 * timeline --spans &lt;file&gt; [--spans &lt;file&gt; ...] --out &lt;dir&gt; [--format auto|zipkin|otlp] [--trace-id &lt;id&gt;]
 *          [--title &lt;text&gt;]
 * </pre>
 *
 * {@code flame} writes the {@link TraceViews} flame graph files of every run in the files; {@code timeline} writes the
 * timeline of one run, the given trace's or else the slowest.
 */
public final class TraceCommand {

    /** The command names. */
    public static final List<String> COMMANDS = List.of("flame", "timeline");

    private TraceCommand() {
    }

    /**
     * Runs a command.
     *
     * @param args the command name, then its options
     * @param out where the written files are listed
     * @param err where problems are explained
     * @return 0 on success, 2 on bad arguments, 1 when reading or writing failed
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "" : args[0];
        if (!COMMANDS.contains(command)) {
            err.println("unknown command '" + command + "'\n" + usage());
            return 2;
        }
        List<Path> files = new ArrayList<>();
        Path directory = null;
        SpanFormat format = null;
        String title = null;
        String traceId = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(usage());
                return 0;
            }
            if (i + 1 >= args.length) {
                err.println("missing value after " + arg + "\n" + usage());
                return 2;
            }
            String value = args[++i];
            switch (arg) {
                case "--spans" -> files.add(Path.of(value));
                case "--out" -> directory = Path.of(value);
                case "--title" -> title = value;
                case "--trace-id" -> {
                    if (!command.equals("timeline")) {
                        err.println("--trace-id is an option of timeline\n" + usage());
                        return 2;
                    }
                    traceId = value;
                }
                case "--format" -> {
                    try {
                        format = value.equalsIgnoreCase("auto") ? null : SpanFormat.named(value);
                    } catch (IllegalArgumentException unknown) {
                        err.println(unknown.getMessage() + "\n" + usage());
                        return 2;
                    }
                }
                default -> {
                    err.println("unknown option " + arg + "\n" + usage());
                    return 2;
                }
            }
        }
        if (files.isEmpty() || directory == null) {
            err.println(command + " needs --spans and --out\n" + usage());
            return 2;
        }
        try {
            List<TraceSpan> spans = new ArrayList<>();
            for (Path file : files) {
                spans.addAll(SpanReader.read(file, format));
            }
            List<Run> runs = Run.of(spans);
            if (runs.isEmpty()) {
                err.println("no spans in " + files);
                return 1;
            }
            List<Path> written;
            if (command.equals("flame")) {
                written = TraceViews.writeFlame(runs, directory, title);
                out.println("Read " + spans.size() + " spans of " + runs.size() + " runs; wrote:");
            } else {
                Run run;
                if (traceId != null) {
                    String id = traceId;
                    run = TraceViews.find(runs, id).orElse(null);
                    if (run == null) {
                        err.println("no trace " + id + " among the " + runs.size() + " runs of " + files);
                        return 1;
                    }
                } else {
                    run = TraceViews.slowest(runs);
                }
                written = TraceViews.writeTimeline(run, directory, title);
                out.println("Timeline of trace " + run.traceId() + " (" + run.root().span().name() + ", "
                        + Durations.format(run.durationNanos()) + ", " + run.spanCount() + " spans); wrote:");
            }
            written.forEach(file -> out.println("  " + file));
            return 0;
        } catch (IllegalArgumentException | UncheckedIOException failure) {
            err.println(failure.getMessage());
            return 1;
        }
    }

    /**
     * The commands' usage.
     *
     * @return the usage text
     */
    public static String usage() {
        return "usage: OpsGenerator flame --spans <file> [--spans <file>...] --out <dir> [--format auto|zipkin|otlp]"
                + " [--title <text>]\n"
                + "       OpsGenerator timeline --spans <file> [--spans <file>...] --out <dir>"
                + " [--format auto|zipkin|otlp] [--trace-id <id>] [--title <text>]";
    }
}
