package dev.tta.workflow.telemetry;

import dev.tta.workflow.cost.CostSummary;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.slo.SloStatus;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of every primitive's statistics, from {@link dev.tta.workflow.WorkflowTelemetry#report()}: printable as an aligned
 * table for people and as JSON for tools.
 *
 * @param takenAt when the snapshot was taken
 * @param window the length of the recent window
 * @param primitives one row per primitive name, in name order
 * @param anomalies the recent anomalies, open and closed, in order of opening
 */
public record TelemetryReport(Instant takenAt, Duration window, List<PrimitiveReport> primitives,
        List<Anomaly> anomalies) {

    /**
     * Copies the lists.
     *
     * @param takenAt see {@link #takenAt()}
     * @param window see {@link #window()}
     * @param primitives see {@link #primitives()}
     * @param anomalies see {@link #anomalies()}
     */
    public TelemetryReport {
        primitives = List.copyOf(primitives);
        anomalies = List.copyOf(anomalies);
    }

    /**
     * A report without anomalies.
     *
     * @param takenAt when the snapshot was taken
     * @param window the length of the recent window
     * @param primitives one row per primitive name, in name order
     */
    public TelemetryReport(Instant takenAt, Duration window, List<PrimitiveReport> primitives) {
        this(takenAt, window, primitives, List.of());
    }

    /**
     * The row of one primitive.
     *
     * @param name the primitive's name
     * @return the row
     * @throws IllegalArgumentException if the report has no such primitive
     */
    public PrimitiveReport primitive(String name) {
        return primitives.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no primitive named '" + name + "' in the report"));
    }

    /**
     * An aligned table: one line per primitive with its count, lifetime percentiles in milliseconds, recent
     * throughput, concurrency and cost; then, if any primitive has service level objectives, one line per objective
     * with its target, good and total events over the period, error budget left and burn rates; then, if there were
     * anomalies, one line per anomaly with its state, when it opened (and closed), baseline, band, observed value
     * and its first three exemplar trace ids.
     *
     * @return the table, with a header line (and one more before the objectives and before the anomalies)
     */
    public String toTable() {
        int width = "primitive".length();
        for (PrimitiveReport p : primitives) {
            width = Math.max(width, p.name().length());
        }
        String format = "%-" + width + "s %-11s %7s %9s %9s %9s %9s %9s %9s %8s %6s %5s  %s%n";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, format, "primitive", "type", "count",
                "mean ms", "p50", "p90", "p99", "p99.9", "max", "per sec", "active", "peak", "cost"));
        for (PrimitiveReport p : primitives) {
            LatencySnapshot l = p.lifetime();
            out.append(String.format(Locale.ROOT, format, p.name(), p.type(), l.count(), ms(l.mean()), ms(l.p50()),
                    ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.max()),
                    String.format(Locale.ROOT, "%.1f", p.throughputPerSecond()), p.active(), p.peakActive(),
                    p.cost().isEmpty() ? "" : p.cost().toString()));
        }
        sloTable(out);
        anomalyTable(out);
        return out.toString();
    }

    private void anomalyTable(StringBuilder out) {
        if (anomalies.isEmpty()) {
            return;
        }
        int width = "primitive".length();
        for (Anomaly a : anomalies) {
            width = Math.max(width, a.primitive().length());
        }
        String format = "%-" + width + "s %-7s %-6s %-20s %-20s %10s %10s %10s %8s  %s%n";
        out.append(System.lineSeparator()).append(String.format(Locale.ROOT, format, "primitive", "anomaly",
                "state", "opened", "closed", "baseline", "band", "observed", "samples", "exemplar traces"));
        for (Anomaly a : anomalies) {
            out.append(String.format(Locale.ROOT, format, a.primitive(), a.kind().value(),
                    a.active() ? "open" : "closed", a.openedAt().truncatedTo(ChronoUnit.SECONDS),
                    a.closed().map(at -> at.truncatedTo(ChronoUnit.SECONDS).toString()).orElse(""),
                    anomalyValue(a, a.baseline()), anomalyValue(a, a.threshold()), anomalyValue(a, a.observed()),
                    a.samples(), traces(a.exemplarTraceIds())));
        }
    }

    /** The first three trace ids, and how many more there are. */
    private static String traces(List<String> ids) {
        return ids.size() <= 3 ? String.join(" ", ids)
                : String.join(" ", ids.subList(0, 3)) + " (+" + (ids.size() - 3) + ")";
    }

    private static String anomalyValue(Anomaly anomaly, double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        return anomaly.kind() == AnomalyKind.LATENCY ? String.format(Locale.ROOT, "%.1f ms", value * 1e3)
                : String.format(Locale.ROOT, "%.2f%%", value * 100);
    }

    private void sloTable(StringBuilder out) {
        int primitiveWidth = "primitive".length();
        int sloWidth = "slo".length();
        boolean any = false;
        for (PrimitiveReport p : primitives) {
            for (SloStatus slo : p.slos()) {
                any = true;
                primitiveWidth = Math.max(primitiveWidth, p.name().length());
                sloWidth = Math.max(sloWidth, slo.objective().name().length());
            }
        }
        if (!any) {
            return;
        }
        String format = "%-" + primitiveWidth + "s %-" + sloWidth + "s %-12s %8s %9s %10s %10s %7s %7s %7s %7s %7s%n";
        out.append(System.lineSeparator()).append(String.format(Locale.ROOT, format, "primitive", "slo", "kind",
                "target", "within", "good", "total", "budget", "burn5m", "burn1h", "burn6h", "burn3d"));
        for (PrimitiveReport p : primitives) {
            for (SloStatus slo : p.slos()) {
                ServiceLevelObjective objective = slo.objective();
                out.append(String.format(Locale.ROOT, format, p.name(), objective.name(), objective.kind().value(),
                        percent(objective.target()),
                        objective.threshold().map(threshold -> thresholdMillis(threshold).stripTrailingZeros()
                                .toPlainString() + " ms").orElse(""),
                        slo.good(), slo.total(), percent(slo.errorBudgetRemaining()),
                        rate(slo, 0), rate(slo, 2), rate(slo, 3), rate(slo, 4)));
            }
        }
    }

    /** Exact, whatever the threshold (a {@code Duration} of centuries has no {@code long} of nanoseconds). */
    private static BigDecimal thresholdMillis(Duration threshold) {
        return new BigDecimal(threshold.getSeconds()).movePointRight(3)
                .add(BigDecimal.valueOf(threshold.getNano()).movePointLeft(6));
    }

    private static String percent(double ratio) {
        return new BigDecimal(ratio * 100).round(new MathContext(4)).stripTrailingZeros().toPlainString()
                + "%";
    }

    private static String rate(SloStatus slo, int window) {
        return String.format(Locale.ROOT, "%.2f", slo.burnRate(SloStatus.BURN_RATE_WINDOWS.get(window)));
    }

    /**
     * The report as a JSON object: {@code {"takenAt": ..., "windowSeconds": ..., "primitives": [...]}}, durations
     * in milliseconds, money as decimal strings (no precision lost). Each primitive has a {@code "slos"} array: name,
     * kind, target, {@code thresholdMs} (latency objectives), {@code periodSeconds}, good, total,
     * {@code errorBudgetRemaining} and {@code burnRates} by window ({@code "5m"} to {@code "3d"}). The
     * {@code "anomalies"} array holds primitive, kind, state, openedAt, closedAt (null while open), unit ({@code s}
     * or {@code 1}), baseline, threshold, observed, peak, samples, score, outOfBandIntervals, exemplarTraceIds and
     * workflows.
     *
     * @return the JSON text
     */
    public String toJson() {
        StringBuilder json = new StringBuilder(256 + 512 * primitives.size());
        json.append("{\"takenAt\":").append(quote(takenAt.toString()))
                .append(",\"windowSeconds\":").append(window.toMillis() / 1000.0)
                .append(",\"primitives\":[");
        for (int i = 0; i < primitives.size(); i++) {
            PrimitiveReport p = primitives.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"name\":").append(quote(p.name()))
                    .append(",\"type\":").append(quote(p.type()))
                    .append(",\"lifetime\":");
            latency(json, p.lifetime());
            json.append(",\"window\":");
            latency(json, p.window());
            json.append(",\"throughputPerSecond\":").append(number(p.throughputPerSecond()))
                    .append(",\"active\":").append(p.active())
                    .append(",\"peakActive\":").append(p.peakActive())
                    .append(",\"branchesActive\":").append(p.branchesActive())
                    .append(",\"branchesPeak\":").append(p.branchesPeak())
                    .append(",\"cost\":");
            cost(json, p.cost());
            json.append(",\"slos\":[");
            for (int j = 0; j < p.slos().size(); j++) {
                json.append(j == 0 ? "" : ",");
                slo(json, p.slos().get(j));
            }
            json.append("]}");
        }
        json.append("],\"anomalies\":[");
        for (int i = 0; i < anomalies.size(); i++) {
            anomaly(json.append(i == 0 ? "" : ","), anomalies.get(i));
        }
        return json.append("]}").toString();
    }

    private static void anomaly(StringBuilder json, Anomaly a) {
        json.append("{\"primitive\":").append(quote(a.primitive()))
                .append(",\"kind\":").append(quote(a.kind().value()))
                .append(",\"state\":").append(quote(a.active() ? "open" : "closed"))
                .append(",\"openedAt\":").append(quote(a.openedAt().toString()))
                .append(",\"closedAt\":").append(a.closed().map(at -> quote(at.toString())).orElse("null"))
                .append(",\"unit\":").append(quote(a.unit()))
                .append(",\"baseline\":").append(number(a.baseline()))
                .append(",\"threshold\":").append(number(a.threshold()))
                .append(",\"observed\":").append(number(a.observed()))
                .append(",\"peak\":").append(number(a.peak()))
                .append(",\"samples\":").append(a.samples())
                .append(",\"score\":").append(number(a.score()))
                .append(",\"outOfBandIntervals\":").append(a.outOfBandIntervals())
                .append(",\"exemplarTraceIds\":[");
        for (int i = 0; i < a.exemplarTraceIds().size(); i++) {
            json.append(i == 0 ? "" : ",").append(quote(a.exemplarTraceIds().get(i)));
        }
        json.append("],\"workflows\":[");
        for (int i = 0; i < a.workflows().size(); i++) {
            json.append(i == 0 ? "" : ",").append(quote(a.workflows().get(i)));
        }
        json.append("]}");
    }

    @Override
    public String toString() {
        return toTable();
    }

    private static void latency(StringBuilder json, LatencySnapshot l) {
        json.append("{\"count\":").append(l.count())
                .append(",\"meanMs\":").append(number(LatencySnapshot.millis(l.mean())))
                .append(",\"p50Ms\":").append(number(LatencySnapshot.millis(l.p50())))
                .append(",\"p90Ms\":").append(number(LatencySnapshot.millis(l.p90())))
                .append(",\"p95Ms\":").append(number(LatencySnapshot.millis(l.p95())))
                .append(",\"p99Ms\":").append(number(LatencySnapshot.millis(l.p99())))
                .append(",\"p999Ms\":").append(number(LatencySnapshot.millis(l.p999())))
                .append(",\"maxMs\":").append(number(LatencySnapshot.millis(l.max())))
                .append('}');
    }

    private static void slo(StringBuilder json, SloStatus slo) {
        ServiceLevelObjective objective = slo.objective();
        json.append("{\"name\":").append(quote(objective.name()))
                .append(",\"kind\":").append(quote(objective.kind().value()))
                .append(",\"target\":").append(BigDecimal.valueOf(objective.target()).toPlainString());
        objective.threshold().ifPresent(threshold -> json.append(",\"thresholdMs\":")
                .append(number(thresholdMillis(threshold).doubleValue())));
        json.append(",\"periodSeconds\":").append(objective.period().toSeconds())
                .append(",\"good\":").append(slo.good())
                .append(",\"total\":").append(slo.total())
                .append(",\"errorBudgetRemaining\":").append(number(slo.errorBudgetRemaining()))
                .append(",\"burnRates\":{");
        for (int i = 0; i < SloStatus.BURN_RATE_WINDOWS.size(); i++) {
            json.append(i == 0 ? "" : ",").append(quote(SloStatus.BURN_RATE_WINDOW_LABELS.get(i))).append(':')
                    .append(number(slo.burnRate(SloStatus.BURN_RATE_WINDOWS.get(i))));
        }
        json.append("}}");
    }

    private static void cost(StringBuilder json, CostSummary cost) {
        json.append("{\"inputTokens\":").append(cost.inputTokens())
                .append(",\"outputTokens\":").append(cost.outputTokens())
                .append(",\"amounts\":{");
        boolean first = true;
        for (Map.Entry<String, BigDecimal> amount : cost.amounts().entrySet()) {
            json.append(first ? "" : ",").append(quote(amount.getKey())).append(':')
                    .append(quote(amount.getValue().toPlainString()));
            first = false;
        }
        json.append("},\"models\":[");
        first = true;
        for (String model : cost.models()) {
            json.append(first ? "" : ",").append(quote(model));
            first = false;
        }
        json.append("]}");
    }

    private static String ms(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", LatencySnapshot.millis(duration));
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6f", value) : "null";
    }

    /** A JSON string literal, escaped per RFC 8259. */
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
                default -> {
                    if (c < 0x20) {
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
