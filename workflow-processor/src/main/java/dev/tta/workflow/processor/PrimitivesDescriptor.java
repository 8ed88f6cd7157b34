package dev.tta.workflow.processor;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The descriptor of every observed primitive of one compilation and its service level objectives, written to
 * {@value #PATH} in the class output: what the operational artifacts (alert rules, dashboards) are generated from.
 *
 * <pre>{@code
 * {
 *   "format": 1,
 *   "primitives": [
 *     {
 *       "name": "CallModel",
 *       "type": "step",
 *       "workflow": "support-agent",
 *       "source": "com.acme.agent.CallModel",
 *       "slos": [
 *         {"name": "latency-300ms", "kind": "latency", "target": 0.99, "thresholdSeconds": 0.3, "periodDays": 30},
 *         {"name": "availability", "kind": "availability", "target": 0.999, "periodDays": 30}
 *       ]
 *     }
 *   ]
 * }
 * }</pre>
 *
 * <p>One entry per primitive: a workflow step ({@code source} is its class's canonical name), and each observed
 * method's span name ({@code source} is {@code Class#method}); observed methods are steps too. Entries are sorted
 * by name, then source, so the same sources give the same bytes. Written by hand (the processor has no JSON
 * library), UTF-8, strings escaped per RFC 8259.
 *
 * <p>It describes the primitives of the compilation that wrote it: a partial, incremental compilation (an IDE
 * rebuilding the files that changed) writes a partial descriptor, so generate artifacts from a full build.
 */
final class PrimitivesDescriptor {

    /** Where the descriptor goes, relative to the class output. */
    static final String PATH = "META-INF/tta-workflow/primitives.json";

    /** The version of the format; readers refuse one they do not know. */
    static final int FORMAT = 1;

    /** One primitive. */
    record Entry(String name, String type, String workflow, String source, List<InstrumentedModel.Slo> slos) {

        Entry {
            slos = List.copyOf(slos);
        }
    }

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::name).thenComparing(Entry::source);

    /** Entries by name and source: a type processed again (it never is, but the file must not say it twice). */
    private final TreeMap<String, Entry> entries = new TreeMap<>();

    /**
     * Adds the primitives of a generated class: its step, and each of its traced methods once.
     *
     * @param model the validated model
     */
    void add(InstrumentedModel model) {
        String type = model.annotatedType().getQualifiedName().toString();
        model.step().ifPresent(step -> put(new Entry(step.stepName(), "step", step.workflow(), type, step.slos())));
        for (InstrumentedModel.TelemetryField field : model.telemetry()) {
            put(new Entry(field.spanName(), "step", field.workflow(), type + "#" + field.methodName(), field.slos()));
        }
    }

    private void put(Entry entry) {
        entries.put(entry.name() + '\n' + entry.source(), entry);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The descriptor's text, indented by two spaces, one objective a line. */
    String toJson() {
        StringBuilder json = new StringBuilder("{\n  \"format\": ").append(FORMAT).append(",\n  \"primitives\": [");
        List<Entry> sorted = entries.values().stream().sorted(ORDER).toList();
        for (int i = 0; i < sorted.size(); i++) {
            Entry entry = sorted.get(i);
            json.append(i == 0 ? "\n" : ",\n")
                    .append("    {\n")
                    .append("      \"name\": ").append(quote(entry.name())).append(",\n")
                    .append("      \"type\": ").append(quote(entry.type())).append(",\n")
                    .append("      \"workflow\": ").append(quote(entry.workflow())).append(",\n")
                    .append("      \"source\": ").append(quote(entry.source())).append(",\n")
                    .append("      \"slos\": [");
            List<InstrumentedModel.Slo> slos = entry.slos();
            for (int j = 0; j < slos.size(); j++) {
                json.append(j == 0 ? "\n" : ",\n").append("        ").append(slo(slos.get(j)));
            }
            json.append(slos.isEmpty() ? "]\n" : "\n      ]\n").append("    }");
        }
        return json.append(sorted.isEmpty() ? "]\n}\n" : "\n  ]\n}\n").toString();
    }

    private static String slo(InstrumentedModel.Slo slo) {
        boolean latency = slo.kind() == InstrumentedModel.SloKind.LATENCY;
        StringBuilder json = new StringBuilder("{\"name\": ").append(quote(slo.name()))
                .append(", \"kind\": ").append(quote(latency ? "latency" : "availability"))
                .append(", \"target\": ").append(InstrumentedWriter.decimal(slo.target()));
        if (latency) {
            json.append(", \"thresholdSeconds\": ")
                    .append(BigDecimal.valueOf(slo.thresholdMillis()).movePointLeft(3).stripTrailingZeros()
                            .toPlainString());
        }
        return json.append(", \"periodDays\": ").append(slo.periodDays()).append('}').toString();
    }

    /** A JSON string literal, escaped per RFC 8259; other characters stay as they are (the file is UTF-8). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Control characters must be escaped; U+2028 and U+2029 too, for readers that embed the text in
                    // JavaScript.
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
