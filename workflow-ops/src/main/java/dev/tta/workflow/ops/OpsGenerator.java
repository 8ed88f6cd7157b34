package dev.tta.workflow.ops;

import dev.tta.workflow.ops.flame.TraceCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Generates Prometheus rules and Grafana dashboards from primitive descriptors: for every workflow,
 * {@code prometheus/<workflow>-rules.yml} (SLOs), {@code prometheus/<workflow>-anomaly-rules.yml} (latency and
 * error anomaly bands, {@link AnomalyRuleGenerator}) and {@code grafana/<workflow>-dashboard.json} in the output
 * directory. Primitives that declare no workflow go to {@code workflows-rules.yml},
 * {@code workflows-anomaly-rules.yml} and {@code workflows-dashboard.json}.
 *
 * <p>Command line:
 * <pre>
 * java -cp ... dev.tta.workflow.ops.OpsGenerator --descriptors &lt;path|classpath&gt;[,...] --out &lt;dir&gt;
 *     [--service-label job]
 * </pre>
 * {@code --descriptors} takes descriptor files, jars, class output directories, or the word {@code classpath} for
 * every {@value DescriptorReader#RESOURCE} on the generator's own class path; repeat it or separate paths with the
 * platform's path separator. {@code --service-label} names the Prometheus label that tells services apart
 * ({@code job}, which Prometheus sets from the scrape configuration, unless you relabel).
 *
 * <p>The commands {@code flame} and {@code timeline}, given as the first argument, draw flame graphs and timelines
 * from span files instead: see {@link TraceCommand}.
 */
public final class OpsGenerator {

    private final PrometheusRuleGenerator rules;
    private final AnomalyRuleGenerator anomalyRules;
    private final GrafanaDashboardGenerator dashboards;

    /**
     * A generator for the given service label.
     *
     * @param serviceLabel the Prometheus label telling services apart, usually {@code job}
     * @throws IllegalArgumentException if it is not a valid label name
     */
    public OpsGenerator(String serviceLabel) {
        this.rules = new PrometheusRuleGenerator(serviceLabel);
        this.anomalyRules = new AnomalyRuleGenerator(serviceLabel);
        this.dashboards = new GrafanaDashboardGenerator(serviceLabel);
    }

    /**
     * Writes the rule file and dashboard of every workflow, replacing files of the same name.
     *
     * @param primitives the primitives, e.g. from {@link DescriptorReader#primitives()}
     * @param outputDirectory where {@code prometheus/} and {@code grafana/} are created
     * @return the files written: SLO rule files, anomaly rule files, dashboards
     * @throws UncheckedIOException if a file cannot be written
     * @throws IllegalArgumentException if two workflows map to the same file name
     */
    public List<Path> generate(List<PrimitiveDescriptor> primitives, Path outputDirectory) {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        List<WorkflowGroup> groups = WorkflowGroup.of(primitives);
        List<Path> written = new ArrayList<>();
        Path prometheus = outputDirectory.resolve("prometheus");
        Path grafana = outputDirectory.resolve("grafana");
        try {
            Files.createDirectories(prometheus);
            Files.createDirectories(grafana);
            for (WorkflowGroup group : groups) {
                written.add(write(prometheus.resolve(group.slug() + "-rules.yml"), rules.yaml(group)));
            }
            for (WorkflowGroup group : groups) {
                written.add(write(prometheus.resolve(group.slug() + "-anomaly-rules.yml"), anomalyRules.yaml(group)));
            }
            for (WorkflowGroup group : groups) {
                written.add(write(grafana.resolve(group.slug() + "-dashboard.json"), dashboards.json(group)));
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot write into " + outputDirectory, failure);
        }
        return written;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * The command line; see the class description. Exits with status 2 on bad arguments and 1 on failure.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The command line without exiting: for build plugins and tests.
     *
     * @param args the arguments
     * @param out where the written files are listed
     * @param err where problems are explained
     * @return 0 on success, 2 on bad arguments, 1 when reading or writing failed
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && TraceCommand.COMMANDS.contains(args[0])) {
            return TraceCommand.run(args, out, err);
        }
        List<String> descriptors = new ArrayList<>();
        String outputDirectory = null;
        String serviceLabel = PrometheusNames.JOB_LABEL;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(usage());
                return 0;
            }
            if (i + 1 >= args.length) {
                err.println("missing value after " + arg + "\n" + usage());
                return 2;
            }
            switch (arg) {
                case "--descriptors" -> descriptors.add(args[++i]);
                case "--out" -> outputDirectory = args[++i];
                case "--service-label" -> serviceLabel = args[++i];
                default -> {
                    err.println("unknown option " + arg + "\n" + usage());
                    return 2;
                }
            }
        }
        if (descriptors.isEmpty() || outputDirectory == null) {
            err.println("--descriptors and --out are required\n" + usage());
            return 2;
        }
        try {
            OpsGenerator generator = new OpsGenerator(serviceLabel);
            DescriptorReader reader = new DescriptorReader();
            for (String value : descriptors) {
                for (String part : value.split(java.io.File.pathSeparator)) {
                    if (part.isBlank()) {
                        continue;
                    }
                    if (part.equals("classpath")) {
                        reader.addClasspath(Thread.currentThread().getContextClassLoader());
                    } else {
                        reader.addPath(Path.of(part));
                    }
                }
            }
            if (reader.sources().isEmpty()) {
                err.println("no primitive descriptor found (" + String.join(", ", descriptors) + "); compile the"
                        + " @Observed classes with the tta-workflow annotation processor first");
                return 1;
            }
            List<Path> written = generator.generate(reader.primitives(), Path.of(outputDirectory));
            out.println("Read " + reader.primitives().size() + " primitives from " + reader.sources().size()
                    + " descriptor(s); wrote:");
            written.forEach(file -> out.println("  " + file));
            return 0;
        } catch (IllegalArgumentException | UncheckedIOException failure) {
            err.println(failure.getMessage());
            return failure instanceof IllegalArgumentException && failure.getMessage().contains("label name") ? 2 : 1;
        }
    }

    private static String usage() {
        return "usage: OpsGenerator --descriptors <file|jar|dir|classpath>[" + java.io.File.pathSeparator + "...]"
                + " --out <dir> [--service-label job]\n" + TraceCommand.usage();
    }
}
