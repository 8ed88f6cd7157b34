package dev.tta.workflow.examples.agent;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import dev.tta.workflow.cost.CostSummary;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.examples.CommandLine;
import dev.tta.workflow.examples.telemetry.DemoTelemetry;
import dev.tta.workflow.examples.telemetry.TraceCollector;
import dev.tta.workflow.ops.flame.TraceViews;
import dev.tta.workflow.replay.JournalStore;
import dev.tta.workflow.replay.Retention;
import dev.tta.workflow.replay.WorkflowJournal;
import dev.tta.workflow.internal.CostLedger;
import dev.tta.workflow.sampling.WorkflowSamplingCustomizer;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.test.TraceTreePrinter;
import dev.tta.workflow.WorkflowTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * Runs the support agent for a number of requests against a real OpenTelemetry SDK, then prints the trace of one
 * request as a tree, the latency percentiles of every step, the cost, and where the telemetry went.
 *
 * <pre>
 * SupportAgentDemo [requests] [--seed=N] [--traces=FILE] [--slowdown=F]
 * </pre>
 *
 * <p>{@code --slowdown=F} makes the order service {@code F} times slower from the middle of the run (of at least
 * {@value SlowdownScenario#MIN_REQUESTS} requests), and the output shows the latency anomaly the runtime opens, when,
 * and its exemplar traces.
 *
 * <p>The trace file defaults to the system property {@value Options#TRACE_FILE_PROPERTY}, else
 * {@code support-agent-traces.jsonl} in the working directory; the log file to the system property
 * {@code support-agent.log}, else {@code support-agent.log} (see {@code logback.xml}).
 *
 * <p>With no {@code OTEL_*} variable set, spans stay in this process and go to the trace file; with the standard
 * variables ({@code OTEL_TRACES_EXPORTER=otlp}, {@code OTEL_EXPORTER_OTLP_ENDPOINT=...}) they also go where those say.
 */
public final class SupportAgentDemo {

    /** The service name of the spans unless {@code OTEL_SERVICE_NAME} says otherwise. */
    public static final String SERVICE_NAME = "support-agent-demo";

    /** The system property naming the directory of the failed runs' journals. */
    public static final String JOURNALS_PROPERTY = "support-agent.journals";

    static final String USAGE = "usage: SupportAgentDemo [requests] [--seed=N] [--traces=FILE] [--slowdown=F]";

    private SupportAgentDemo() {
    }

    /**
     * What to run.
     *
     * @param requests how many requests, at least 1
     * @param seed the seed of the traffic and of every simulated latency and failure
     * @param traceFile where to write the traces, or null for no file
     * @param slowdown how many times slower the order service gets halfway through, 0 (or 1) for never
     */
    public record Options(int requests, long seed, Path traceFile, double slowdown) {

        /** Default number of requests. */
        public static final int DEFAULT_REQUESTS = 50;
        /** Default seed. */
        public static final long DEFAULT_SEED = 42;
        /**
         * The system property naming the default trace file; without it, {@code support-agent-traces.jsonl} in the
         * working directory.
         */
        public static final String TRACE_FILE_PROPERTY = "support-agent.traces";

        /**
         * Checks the number of requests.
         *
         * @throws IllegalArgumentException if it is below 1
         */
        public Options {
            if (requests < 1) {
                throw new IllegalArgumentException("the number of requests must be at least 1, was " + requests);
            }
        }

        /**
         * Options without a slowdown.
         *
         * @param requests how many requests, at least 1
         * @param seed the seed
         * @param traceFile where to write the traces, or null for no file
         */
        public Options(int requests, long seed, Path traceFile) {
            this(requests, seed, traceFile, 0);
        }

        /**
         * Reads the command line.
         *
         * @param args {@code [requests] [--seed=N] [--traces=FILE]}
         * @return the options, defaults for what is not given
         * @throws IllegalArgumentException with the usage, for an argument that is not understood
         */
        public static Options parse(String... args) {
            CommandLine line = CommandLine.parse(USAGE, Set.of("seed", "traces", "slowdown"), args);
            List<String> plain = line.arguments();
            if (plain.size() > 1) {
                throw new IllegalArgumentException("one number of requests expected, got " + plain + "; " + USAGE);
            }
            long requests = plain.isEmpty() ? DEFAULT_REQUESTS : line.number(plain.get(0), plain.get(0));
            if (requests > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " requests, asked " + requests);
            }
            String traces = line.option("traces",
                    System.getProperty(TRACE_FILE_PROPERTY, "support-agent-traces.jsonl"));
            double slowdown = slowdown(line.option("slowdown", "0"));
            if (slowdown > 1 && plain.isEmpty()) {
                requests = SlowdownScenario.MIN_REQUESTS;
            }
            return new Options((int) requests, line.number("seed", DEFAULT_SEED), Path.of(traces), slowdown);
        }

        private static double slowdown(String value) {
            try {
                double factor = Double.parseDouble(value);
                if (factor == 0 || (factor >= 1 && factor <= 1000)) {
                    return factor;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("--slowdown takes a factor from 1 to 1000, got '" + value + "'; "
                    + USAGE);
        }
    }

    /**
     * What a run did; the same seed and number of requests give the same result.
     *
     * @param requests requests handled
     * @param failures failed requests by exception type
     * @param answers answered requests by the model that wrote the answer ({@code canned} for the fallback)
     * @param cost the cost of every request added up
     * @param costByModel the cost of the requests answered (or attempted) by each model
     * @param shownTraceId the trace printed as a tree, if one was sampled
     * @param traceFile the trace file, or null
     */
    public record Result(int requests, Map<String, Integer> failures, Map<String, Integer> answers,
            CostSummary cost, Map<String, CostSummary> costByModel, Optional<String> shownTraceId,
            Path traceFile) {

        /**
         * Failed requests.
         *
         * @return their number
         */
        public int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Runs the demo on standard output.
     *
     * @param args {@code [requests] [--seed=N] [--traces=FILE]}
     * @throws Exception if the demo itself breaks (a failing request is part of the demo, not an error)
     */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println(bad.getMessage());
            System.exit(2);
            return;
        }
        run(options, System.out);
    }

    /**
     * Runs the demo.
     *
     * @param options what to run
     * @param out where the report goes
     * @return what happened
     * @throws Exception if the demo itself breaks
     */
    public static Result run(Options options, PrintStream out) throws Exception {
        Map<String, Integer> failures = new TreeMap<>();
        Map<String, Integer> answers = new TreeMap<>();
        CostLedger total = new CostLedger();
        Map<String, CostLedger> byModel = new TreeMap<>();
        Optional<String> shown;
        List<String> where;
        Optional<String> views = Optional.empty();
        Path traceFile;
        boolean traceFileComplete;
        DemoTelemetry telemetry = DemoTelemetry.start(SERVICE_NAME, options.traceFile());
        SlowdownScenario slowdown = null;
        // Failed runs are recorded for replay (ReplayFailedRun) when a directory is configured, as the demo's build is.
        Optional<WorkflowJournal> journal = journalDirectory().map(directory -> WorkflowJournal.builder()
                .workflows(SupportAgent.WORKFLOW)
                .store(JournalStore.directory(directory))
                .retention(Retention.failed())
                .start());
        try {
            traceFile = telemetry.traceFile();
            Backends backends = Backends.simulated(options.seed());
            WorkflowPrimitive<SupportRequest, AgentReply> agent = SupportAgent.create(backends);
            slowdown = SlowdownScenario.of(backends, options.slowdown(), options.requests());
            SupportTraffic traffic = new SupportTraffic(options.seed());
            out.printf("Answering %d support requests (seed %d) with the '%s' workflow...%n", options.requests(),
                    options.seed(), SupportAgent.WORKFLOW);
            Progress progress = Progress.on(out, options.requests());
            int failed = 0;
            for (int i = 1; i <= options.requests(); i++) {
                SupportRequest request = traffic.next();
                WorkflowContext context = SupportAgent.contextFor(request);
                if (slowdown != null) {
                    slowdown.before(i);
                }
                try {
                    AgentReply reply = agent.execute(request, context);
                    answers.merge(reply.model(), 1, Integer::sum);
                } catch (InterruptedException interrupted) {
                    throw interrupted;
                } catch (Exception failure) {
                    failed++;
                    failures.merge(failure.getClass().getSimpleName(), 1, Integer::sum);
                }
                CostSummary cost = context.cost();
                total.add(cost);
                if (!cost.models().isEmpty()) {
                    byModel.computeIfAbsent(String.join("+", cost.models()), model -> new CostLedger()).add(cost);
                }
                progress.update(i, failed);
                if (slowdown != null) {
                    slowdown.after(i);
                }
            }

            shown = chooseTrace(telemetry.traces());
            out.println();
            if (shown.isPresent()) {
                out.println("One request, as one trace: every step, primitive and fallback alternative is a span.");
                out.print(TraceTreePrinter.render(telemetry.traces().trace(shown.get())));
            } else {
                out.println("No trace to show: the sampler (OTEL_TRACES_SAMPLER) kept none of the recent requests.");
            }
            out.println();
            out.println("Per primitive: HdrHistogram latency percentiles (lifetime, ms), throughput and concurrency "
                    + "(last minute), cost of the subtree:");
            out.print(WorkflowTelemetry.report().toTable());
            out.println();
            printOutcomes(out, options.requests(), failures, answers);
            if (journal.isPresent()) {
                journal.get().flush();
                printJournals(out, failed);
            }
            printSampling(out);
            out.println();
            printCost(out, total.summary(), byModel, options.requests());
            if (slowdown != null) {
                out.println();
                slowdown.print(out);
            }
            views = writeViews(telemetry.traces(), options.traceFile());
            telemetry.close(); // flushes every exporter and completes the file before saying where it all went
            where = telemetry.describe();
            traceFileComplete = telemetry.traceFileComplete();
        } finally {
            if (slowdown != null) {
                slowdown.close();
            }
            journal.ifPresent(WorkflowJournal::close);
            telemetry.close();
        }
        out.println();
        out.println("Where the telemetry went:");
        where.forEach(line -> out.println("  " + line));
        views.ifPresent(line -> out.println("  " + line));
        List<String> logs = logFiles();
        out.println("  logs          " + (logs.isEmpty() ? "the console (logback)" : String.join(", ", logs))
                + ", with trace_id, span_id and correlation_id on every line");
        if (traceFile != null && traceFileComplete) {
            out.println();
            out.println("Open the trace file later: start Zipkin and post each line to it, for example");
            out.println("  while IFS= read -r trace; do printf '%s' \"$trace\" | curl -s -H 'Content-Type: "
                    + "application/json' --data-binary @- http://localhost:9411/api/v2/spans; done < " + traceFile);
            out.println("or paste a line into a file and open it with \"Upload JSON\" in Zipkin's UI.");
        }
        Map<String, CostSummary> costByModel = new TreeMap<>();
        byModel.forEach((model, ledger) -> costByModel.put(model, ledger.summary()));
        return new Result(options.requests(), failures, answers, total.summary(), costByModel, shown, traceFile);
    }

    /**
     * Writes the flame graph of the requests kept in memory and the timeline of the slowest one next to the trace
     * file, with {@code workflow-ops}' trace views; a run without a trace file writes none.
     *
     * @return the line that says where they went, or empty when no trace was kept (the sampler kept none)
     */
    static Optional<String> writeViews(TraceCollector traces, Path traceFile) {
        List<SpanData> spans = traces.spans();
        if (spans.isEmpty() || traceFile == null) {
            return Optional.empty(); // nothing kept, or a run that writes no files
        }
        Path directory = traceFile.toAbsolutePath().resolveSibling("support-agent-views");
        try {
            TraceViews.write(spans, directory);
            return Optional.of("views         " + directory.resolve(TraceViews.FLAME_HTML) + " (flame graph of "
                    + traces.traceIds().size() + " requests, offline) and " + directory.resolve(TraceViews.TIMELINE_HTML)
                    + " (the slowest request; " + TraceViews.TIMELINE_JSON + " opens in Perfetto)");
        } catch (RuntimeException failed) {
            return Optional.of("views         not written: " + failed.getMessage());
        }
    }

    /**
     * The most telling recent trace: a request that succeeded after a retry, else any that succeeded, else the
     * latest.
     */
    static Optional<String> chooseTrace(TraceCollector traces) {
        List<String> newestFirst = new ArrayList<>(traces.traceIds());
        Collections.reverse(newestFirst);
        String succeeded = null;
        for (String id : newestFirst) {
            List<SpanData> spans = traces.trace(id);
            boolean ok = spans.stream().filter(span -> !span.getParentSpanContext().isValid())
                    .anyMatch(root -> root.getStatus().getStatusCode() != StatusCode.ERROR);
            if (!ok) {
                continue;
            }
            boolean retried = spans.stream().anyMatch(span -> {
                Long attempt = span.getAttributes().get(TelemetryNames.RETRY_ATTEMPT);
                return attempt != null && attempt > 1;
            });
            if (retried) {
                return Optional.of(id);
            }
            if (succeeded == null) {
                succeeded = id;
            }
        }
        return succeeded != null ? Optional.of(succeeded) : traces.lastTraceId();
    }

    private static void printOutcomes(PrintStream out, int requests, Map<String, Integer> failures,
            Map<String, Integer> answers) {
        int answered = answers.values().stream().mapToInt(Integer::intValue).sum();
        out.printf("Answered %d of %d requests: %s.%n", answered, requests, counts(answers));
        if (!failures.isEmpty()) {
            out.printf("Failed %d: %s. A failed delivery closed its ticket again (the saga's compensation).%n",
                    requests - answered, counts(failures));
        }
    }

    /**
     * The directory the failed runs' journals go to: the {@value #JOURNALS_PROPERTY} system property, which the demo's
     * build sets to {@code examples/target/journals}; none when it is not set.
     */
    static Optional<Path> journalDirectory() {
        String directory = System.getProperty(JOURNALS_PROPERTY);
        return directory == null || directory.isBlank() ? Optional.empty() : Optional.of(Path.of(directory));
    }

    private static void printJournals(PrintStream out, int failed) {
        if (failed == 0) {
            return;
        }
        out.printf("Recorded %d failed run%s for replay in %s; replay one offline, every step's recorded outcome "
                + "standing in:%n", failed, failed == 1 ? "" : "s", journalDirectory().orElseThrow());
        out.println("  ./mvnw -q -Preplay -DskipTests verify");
    }

    /** With {@code OTEL_TRACES_SAMPLER=tta_workflow} and its {@code tail} option: the runs kept, and why. */
    static void printSampling(PrintStream out) {
        WorkflowSamplingCustomizer.tailProcessor().ifPresent(tail ->
                out.printf("Tail sampling (OTEL_TRACES_SAMPLER_ARG): %s.%n", tail.stats().summary()));
    }

    private static String counts(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((name, count) -> parts.add(count + " " + name));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static void printCost(PrintStream out, CostSummary total, Map<String, CostLedger> byModel,
            int requests) {
        out.println("Cost, as the LLM calls recorded it (context.recordCost), by the model of each request:");
        String format = "  %-10s %14s %14s %14s%n";
        out.printf(format, "model", "input tokens", "output tokens", "USD");
        byModel.forEach((model, ledger) -> row(out, format, model, ledger.summary()));
        row(out, format, "total", total);
        BigDecimal usd = total.amount("USD");
        out.printf(Locale.ROOT, "  %s USD per request on average%n",
                usd.divide(BigDecimal.valueOf(requests), 6, RoundingMode.HALF_UP).toPlainString());
    }

    private static void row(PrintStream out, String format, String label, CostSummary cost) {
        out.printf(Locale.ROOT, format, label, String.format(Locale.ROOT, "%,d", cost.inputTokens()),
                String.format(Locale.ROOT, "%,d", cost.outputTokens()),
                cost.amount("USD").setScale(6, RoundingMode.HALF_UP).toPlainString());
    }

    /** The files logback writes to, if logback is the SLF4J backend. */
    static List<String> logFiles() {
        List<String> files = new ArrayList<>();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            for (Logger logger : logback.getLoggerList()) {
                for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
                    if (it.next() instanceof FileAppender<?> file && file.getFile() != null) {
                        files.add(Path.of(file.getFile()).toAbsolutePath().normalize().toString());
                    }
                }
            }
        }
        return files;
    }
}
