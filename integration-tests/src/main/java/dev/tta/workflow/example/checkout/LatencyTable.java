package dev.tta.workflow.example.checkout;

import dev.tta.workflow.telemetry.LatencySnapshot;
import java.util.Collection;
import java.util.Locale;

/** Renders latency snapshots as an aligned table in milliseconds. */
public final class LatencyTable {

    private LatencyTable() {
    }

    /**
     * Renders the table.
     *
     * @param snapshots one row each
     * @return the table, with a header line
     */
    public static String render(Collection<LatencySnapshot> snapshots) {
        int width = Math.max("primitive".length(),
                snapshots.stream().mapToInt(s -> s.name().length()).max().orElse(0));
        String row = "%-" + width + "s %7s %9s %9s %9s %9s %9s %9s %9s%n";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, row,
                "primitive", "count", "mean ms", "p50", "p90", "p95", "p99", "p99.9", "max"));
        for (LatencySnapshot s : snapshots) {
            out.append(String.format(Locale.ROOT, row, s.name(), s.count(), ms(s.mean()), ms(s.p50()), ms(s.p90()),
                    ms(s.p95()), ms(s.p99()), ms(s.p999()), ms(s.max())));
        }
        return out.toString();
    }

    private static String ms(java.time.Duration duration) {
        return String.format(Locale.ROOT, "%.3f", LatencySnapshot.millis(duration));
    }
}
