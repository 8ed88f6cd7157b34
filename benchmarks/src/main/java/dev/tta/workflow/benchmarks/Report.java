package dev.tta.workflow.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns JMH CSV result files ({@code -rf csv}) into the Markdown tables of BENCHMARKS.md: each score with its 99.9 %
 * error, the cost added over the bare step with the same body, the ratios the targets are stated in, and the cost per
 * step of composed workflows.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.tta.workflow.benchmarks.Report results/*.csv</pre>
 */
public final class Report {

    private static final String STEP = "StepBenchmark";
    private static final String AGENT = "AgentBenchmark";
    private static final String AGENT_EXPORTING = "AgentExportingBenchmark";
    private static final String MICROMETER = "MicrometerBenchmark";
    private static final String LAZY_LOGS = "LazyLogIdsBenchmark";
    private static final String COMPOSITION = "CompositionBenchmark";
    private static final String CONCURRENCY = "ConcurrencyBenchmark";

    private final List<Row> rows;
    private final PrintStream out;

    private Report(List<Row> rows, PrintStream out) {
        this.rows = rows;
        this.out = out;
    }

    /**
     * Prints the report of the given CSV files to standard output.
     *
     * @param args the CSV files written by JMH's {@code -rf csv -rff FILE}
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: Report RESULT.csv...   (JMH results written with -rf csv -rff RESULT.csv)");
            System.exit(2);
        }
        List<Row> rows = new ArrayList<>();
        for (String file : args) {
            rows.addAll(parse(Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)));
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        new Report(rows, out).print();
    }

    /** One JMH result line: a primary score or a secondary metric such as {@code gc.alloc.rate.norm}. */
    record Row(String benchmarkClass, String method, String metric, String mode, int threads, double score,
            double error, String unit, Map<String, String> params) {

        String param(String name) {
            return params.getOrDefault(name, "");
        }

        boolean isPrimary() {
            return metric.isEmpty();
        }

        /** The score in ns per call (average time) or calls per second (throughput). */
        double normalized() {
            return score * scale();
        }

        double normalizedError() {
            return Double.isNaN(error) ? Double.NaN : error * scale();
        }

        private double scale() {
            return switch (unit) {
                case "ns/op", "ops/s" -> 1;
                case "us/op" -> 1e3;
                case "ms/op" -> 1e6;
                case "s/op" -> 1e9;
                case "ops/ms" -> 1e3;
                case "ops/us" -> 1e6;
                case "ops/ns" -> 1e9;
                default -> 1;
            };
        }
    }

    static List<Row> parse(List<String> lines) {
        List<Row> parsed = new ArrayList<>();
        if (lines.isEmpty()) {
            return parsed;
        }
        List<String> header = splitCsv(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = splitCsv(line);
            String name = cells.get(0);
            String metric = "";
            int colon = name.indexOf(':');
            if (colon >= 0) {
                metric = name.substring(colon + 1);
                name = name.substring(0, colon);
            }
            int lastDot = name.lastIndexOf('.');
            String method = name.substring(lastDot + 1);
            String owner = name.substring(0, lastDot);
            owner = owner.substring(owner.lastIndexOf('.') + 1);
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 7; i < header.size() && i < cells.size(); i++) {
                String column = header.get(i);
                if (column.startsWith("Param: ") && !cells.get(i).isEmpty()) {
                    params.put(column.substring("Param: ".length()), cells.get(i));
                }
            }
            parsed.add(new Row(owner, method, metric, cells.get(1), Integer.parseInt(cells.get(2)),
                    number(cells.get(4)), number(cells.get(5)), cells.get(6), params));
        }
        return parsed;
    }

    private static double number(String cell) {
        return cell.isEmpty() || cell.equals("NaN") ? Double.NaN : Double.parseDouble(cell);
    }

    /** JMH's CSV: comma-separated, text in double quotes, no embedded quotes. */
    private static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private void print() {
        perCall();
        targets();
        composition();
        concurrency();
        throughput();
    }

    // Per-call table: every step benchmark, against the bare step with the same body.

    private void perCall() {
        List<Row> calls = primary("avgt", STEP, LAZY_LOGS, MICROMETER, AGENT, AGENT_EXPORTING);
        if (calls.isEmpty()) {
            return;
        }
        out.println("### One call of the step (average time)");
        out.println();
        out.println("| implementation | body | mode | ns/op ± 99.9 % | added over bare, ns | added, % of bare | B/op"
                + " | CPU ns/op, all threads |");
        out.println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        calls.sort(Comparator.comparing((Row r) -> bodyOrder(r.param("body")))
                .thenComparing(r -> order(r.benchmarkClass(), r.method()))
                .thenComparing(r -> modeOrder(r.param("mode"))));
        for (Row row : calls) {
            Optional<Row> bare = bareFor(row);
            String added = "";
            String percent = "";
            if (bare.isPresent() && !row.method().equals("bare")) {
                double extra = row.normalized() - bare.get().normalized();
                added = format(extra) + " ± " + format(row.normalizedError() + bare.get().normalizedError());
                percent = String.format(Locale.ROOT, "%.1f %%", 100 * extra / bare.get().normalized());
            }
            out.printf(Locale.ROOT, "| %s | %s | %s | %s ± %s | %s | %s | %s | %s |%n", label(row), row.param("body"),
                    modeLabel(row), format(row.normalized()), format(row.normalizedError()), added, percent,
                    allocation(row), cpu(row));
        }
        out.println();
    }

    private void targets() {
        List<Row> generated = primary("avgt", STEP, LAZY_LOGS).stream()
                .filter(r -> r.method().equals("generated")).toList();
        if (generated.isEmpty()) {
            return;
        }
        out.println("### Targets");
        out.println();
        out.println("| body | mode | log ids | generated ÷ hand-written | added: generated | hand-written"
                + " | @WithSpan (agent, no processor) | @WithSpan (agent, batch export) | generated ÷ agent batch"
                + " | Micrometer Observation |");
        out.println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<Row> sorted = new ArrayList<>(generated);
        sorted.sort(Comparator.comparing((Row r) -> bodyOrder(r.param("body")))
                .thenComparing(r -> modeOrder(r.param("mode")))
                .thenComparing(Row::benchmarkClass, Comparator.reverseOrder()));
        for (Row gen : sorted) {
            String body = gen.param("body");
            String mode = gen.param("mode");
            Optional<Row> hand = find(gen.benchmarkClass(), "handWritten", body, mode);
            String ratio = hand.map(h -> String.format(Locale.ROOT, "%.2f ± %s", gen.normalized() / h.normalized(),
                    Double.isNaN(ratioError(gen, h)) ? "–" : String.format(Locale.ROOT, "%.2f", ratioError(gen, h))))
                    .orElse("");
            Optional<Row> agentExporting = find(AGENT_EXPORTING, "withSpan", body, mode);
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", body, mode,
                    gen.benchmarkClass().equals(LAZY_LOGS) ? "lazy" : "MDC", ratio,
                    addedPercent(gen), hand.map(this::addedPercent).orElse(""),
                    find(AGENT, "withSpan", body, mode).map(this::addedPercent).orElse("not run"),
                    agentExporting.map(this::addedPercent).orElse("not run"),
                    agentExporting.map(agent -> addedRatio(gen, agent)).orElse(""),
                    find(MICROMETER, "micrometer", body, mode).map(this::addedPercent).orElse("not run"));
        }
        out.println();
        out.println("Added cost = score − bare score with the same body (the agent against its own bare method,"
                + " in the agent's JVM); the percentage is of the bare step.");
        out.println();
    }

    private String addedPercent(Row row) {
        Optional<Row> bare = bareFor(row);
        if (bare.isEmpty()) {
            return "";
        }
        double extra = row.normalized() - bare.get().normalized();
        return String.format(Locale.ROOT, "%s ns (%.1f %%)", format(extra), 100 * extra / bare.get().normalized());
    }

    /** The ratio of two rows' added costs, each over its own bare baseline. */
    private String addedRatio(Row row, Row other) {
        Optional<Row> bare = bareFor(row);
        Optional<Row> otherBare = bareFor(other);
        if (bare.isEmpty() || otherBare.isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2f", (row.normalized() - bare.get().normalized())
                / (other.normalized() - otherBare.get().normalized()));
    }

    private static double ratioError(Row a, Row b) {
        double ra = a.normalizedError() / a.normalized();
        double rb = b.normalizedError() / b.normalized();
        return a.normalized() / b.normalized() * Math.sqrt(ra * ra + rb * rb);
    }

    // Composition: cost per step.

    private void composition() {
        List<Row> composed = primary("avgt", COMPOSITION);
        if (composed.isEmpty()) {
            return;
        }
        out.println("### Composition (average time; per step = score ÷ steps or branches)");
        out.println();
        out.println("| workflow | mode | size | ns/op ± 99.9 % | ns per step | B/op | CPU ns/op, all threads |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        composed.sort(Comparator.comparing((Row r) -> modeOrder(r.param("mode")))
                .thenComparing(r -> compositionOrder(r.method()))
                .thenComparing(r -> size(r)));
        for (Row row : composed) {
            int size = size(row);
            out.printf(Locale.ROOT, "| %s | %s | %d | %s ± %s | %s | %s | %s |%n", compositionLabel(row.method()),
                    row.param("mode"), size, format(row.normalized()), format(row.normalizedError()),
                    format(row.normalized() / size), allocation(row), cpu(row));
        }
        out.println();
    }

    private static int size(Row row) {
        String steps = row.param("steps");
        String branches = row.param("branches");
        if (row.method().equals("parallel") && !branches.isEmpty()) {
            return Integer.parseInt(branches);
        }
        if ((row.method().equals("sequence") || row.method().equals("plainLoop")) && !steps.isEmpty()) {
            return Integer.parseInt(steps);
        }
        return 1;
    }

    private static int compositionOrder(String method) {
        return List.of("step", "stepWithSlos", "stepWithCost", "plainLoop", "sequence", "parallel", "retry")
                .indexOf(method);
    }

    private static String compositionLabel(String method) {
        return switch (method) {
            case "step" -> "one generated step";
            case "stepWithSlos" -> "one generated step declaring a latency and an availability SLO";
            case "stepWithCost" -> "one generated step recording a model call's tokens";
            case "plainLoop" -> "bare steps in a loop (no telemetry)";
            case "sequence" -> "sequence of generated steps";
            case "parallel" -> "parallel block of generated steps";
            case "retry" -> "retry (no failure) around a generated step";
            default -> method;
        };
    }

    // Concurrency.

    private void concurrency() {
        List<Row> concurrent = primary("avgt", CONCURRENCY);
        if (concurrent.isEmpty()) {
            return;
        }
        out.println("### Concurrency: threads calling the same step instance (average time per call, per thread)");
        out.println();
        out.println("| implementation | mode | threads | ns/op ± 99.9 % | B/op | CPU ns/op, all threads |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: |");
        concurrent.sort(Comparator.comparing((Row r) -> modeOrder(r.param("mode"))).thenComparing(Row::method));
        for (Row row : concurrent) {
            String implementation = row.method().startsWith("generated") ? "generated" : "hand-written";
            out.printf(Locale.ROOT, "| %s | %s | %d | %s ± %s | %s | %s |%n", implementation, row.param("mode"),
                    row.threads(), format(row.normalized()), format(row.normalizedError()), allocation(row),
                    cpu(row));
        }
        out.println();
    }

    private void throughput() {
        List<Row> thrpt = primary("thrpt", STEP, MICROMETER, AGENT, COMPOSITION, CONCURRENCY);
        if (thrpt.isEmpty()) {
            return;
        }
        out.println("### Throughput (calls per second, all threads)");
        out.println();
        out.println("| benchmark | params | threads | calls/s ± 99.9 % |");
        out.println("| --- | --- | ---: | ---: |");
        for (Row row : thrpt) {
            out.printf(Locale.ROOT, "| %s.%s | %s | %d | %s ± %s |%n", row.benchmarkClass(), row.method(),
                    row.params(), row.threads(), format(row.normalized()), format(row.normalizedError()));
        }
        out.println();
    }

    // Lookups and formatting.

    private List<Row> primary(String mode, String... classes) {
        List<String> wanted = List.of(classes);
        List<Row> found = new ArrayList<>();
        for (Row row : rows) {
            if (row.isPrimary() && row.mode().equals(mode) && wanted.contains(row.benchmarkClass())) {
                found.add(row);
            }
        }
        return found;
    }

    private Optional<Row> find(String benchmarkClass, String method, String body, String mode) {
        return rows.stream().filter(r -> r.isPrimary() && r.mode().equals("avgt")
                && r.benchmarkClass().equals(benchmarkClass) && r.method().equals(method)
                && r.param("body").equals(body) && (mode == null || r.param("mode").equals(mode))).findFirst();
    }

    /** The agent's own bare method (same JVM, agent attached) for the agent; the step's bare run for the rest. */
    private Optional<Row> bareFor(Row row) {
        String body = row.param("body");
        if (row.benchmarkClass().equals(AGENT) || row.benchmarkClass().equals(AGENT_EXPORTING)) {
            Optional<Row> own = find(row.benchmarkClass(), "bare", body, null);
            if (own.isPresent()) {
                return own;
            }
        }
        return find(STEP, "bare", body, null);
    }

    /** Bytes allocated per call, from JMH's gc profiler. */
    private String allocation(Row primary) {
        return secondary(primary, "gc.alloc.rate.norm").map(r -> String.format(Locale.ROOT, "%.0f", r.score()))
                .orElse("");
    }

    /** CPU time of the whole JVM per call, from {@link CpuTimeProfiler}. */
    private String cpu(Row primary) {
        return secondary(primary, "cpu.time.norm").map(r -> format(r.score()) + " ± " + format(r.error()))
                .orElse("");
    }

    private Optional<Row> secondary(Row primary, String metric) {
        return rows.stream().filter(r -> r.metric().equals(metric) && r.mode().equals(primary.mode())
                        && r.benchmarkClass().equals(primary.benchmarkClass())
                        && r.method().equals(primary.method()) && r.threads() == primary.threads()
                        && Objects.equals(r.params(), primary.params()))
                .findFirst();
    }

    private static int order(String benchmarkClass, String method) {
        return List.of("StepBenchmark.bare", "AgentBenchmark.bare", "StepBenchmark.handWritten",
                "StepBenchmark.generated", "LazyLogIdsBenchmark.handWritten", "LazyLogIdsBenchmark.generated",
                "AgentBenchmark.withSpan", "AgentExportingBenchmark.bare", "AgentExportingBenchmark.withSpan",
                "MicrometerBenchmark.micrometer")
                .indexOf(benchmarkClass + "." + method);
    }

    private static int bodyOrder(String body) {
        return List.of(Body.SMALL, Body.MICROS_20).indexOf(body);
    }

    private static int modeOrder(String mode) {
        return List.of("", TelemetrySetup.NO_SDK, TelemetrySetup.UNSAMPLED, TelemetrySetup.SAMPLED).indexOf(mode);
    }

    private static String label(Row row) {
        return switch (row.benchmarkClass() + "." + row.method()) {
            case "StepBenchmark.bare" -> "bare";
            case "StepBenchmark.generated" -> "generated `InstrumentedCpuStep`";
            case "StepBenchmark.handWritten" -> "hand-written OpenTelemetry";
            case "LazyLogIdsBenchmark.generated" -> "generated, log ids read lazily";
            case "LazyLogIdsBenchmark.handWritten" -> "hand-written, log ids read lazily";
            case "AgentBenchmark.bare" -> "bare, agent attached";
            case "AgentBenchmark.withSpan" -> "agent `@WithSpan`, no span processor";
            case "AgentExportingBenchmark.bare" -> "bare, agent attached (batch export)";
            case "AgentExportingBenchmark.withSpan" -> "agent `@WithSpan`, batch processor, dropping exporter";
            case "MicrometerBenchmark.micrometer" -> "Micrometer Observation";
            default -> row.benchmarkClass() + "." + row.method();
        };
    }

    private static String modeLabel(Row row) {
        String mode = row.param("mode");
        return mode.isEmpty() ? "–" : mode;
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e6) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
