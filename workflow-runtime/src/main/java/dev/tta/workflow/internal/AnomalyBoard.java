package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.Anomaly;
import dev.tta.workflow.telemetry.AnomalySettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The process-wide view of anomalies: those open now and the most recent ones, and the answers tail sampling asks
 * for on every trace ("is an anomaly open for this primitive, or in this workflow?"), each one volatile read and a
 * set lookup. Internal: not API; {@code WorkflowTelemetry} is.
 */
public final class AnomalyBoard {

    /** How many anomalies, open or closed, {@link #recent()} keeps. */
    public static final int MAX_RECENT = 100;

    private static final Map<String, Anomaly> RECENT = new LinkedHashMap<>();
    private static volatile List<Anomaly> active = List.of();
    private static volatile Set<String> activePrimitives = Set.of();
    private static volatile Set<String> activeWorkflows = Set.of();
    private static volatile AnomalySettings settings = AnomalySettings.DEFAULT;

    /** What the detectors of every primitive tell: the board and the log and OpenTelemetry events. */
    static final AnomalyDetector.Listener LISTENER = new AnomalyDetector.Listener() {
        @Override
        public void opened(Anomaly anomaly) {
            publish(anomaly);
            AnomalyEvents.opened(anomaly);
        }

        @Override
        public void updated(Anomaly anomaly) {
            publish(anomaly);
        }

        @Override
        public void closed(Anomaly anomaly) {
            publish(anomaly);
            AnomalyEvents.closed(anomaly);
        }
    };

    private AnomalyBoard() {
    }

    /**
     * Whether an anomaly of the primitive is open.
     *
     * @param primitiveName the primitive's name
     * @return true while one is open
     */
    public static boolean activeFor(String primitiveName) {
        Set<String> names = activePrimitives;
        return !names.isEmpty() && names.contains(primitiveName);
    }

    /**
     * Whether an open anomaly's exemplar executions ran in the workflow.
     *
     * @param workflowName the workflow's name
     * @return true while one is open
     */
    public static boolean activeInWorkflow(String workflowName) {
        Set<String> names = activeWorkflows;
        return !names.isEmpty() && names.contains(workflowName);
    }

    /**
     * The anomalies open now.
     *
     * @return by primitive name, then kind
     */
    public static List<Anomaly> active() {
        return active;
    }

    /**
     * The most recent anomalies, open or closed, at most {@value #MAX_RECENT}.
     *
     * @return in order of opening, the latest snapshot of each
     */
    public static synchronized List<Anomaly> recent() {
        return List.copyOf(RECENT.values());
    }

    /**
     * The detectors' settings.
     *
     * @return the settings in use
     */
    public static AnomalySettings settings() {
        return settings;
    }

    /**
     * Replaces the detectors' settings: every primitive's detectors start afresh (what was open closes).
     *
     * @param replacement the new settings
     */
    public static void configure(AnomalySettings replacement) {
        settings = Objects.requireNonNull(replacement, "settings must not be null");
        TelemetryRuntime.resetAnomalyDetectors();
    }

    static synchronized void publish(Anomaly anomaly) {
        String key = anomaly.primitive() + '\u0000' + anomaly.kind() + '\u0000' + anomaly.openedAt();
        RECENT.remove(key);
        RECENT.put(key, anomaly);
        if (RECENT.size() > MAX_RECENT) {
            var oldest = RECENT.entrySet().iterator();
            while (RECENT.size() > MAX_RECENT && oldest.hasNext()) {
                if (!oldest.next().getValue().active()) {
                    oldest.remove();
                }
            }
        }
        List<Anomaly> open = new ArrayList<>();
        Set<String> primitives = new HashSet<>();
        Set<String> workflows = new HashSet<>();
        for (Anomaly candidate : RECENT.values()) {
            if (candidate.active()) {
                open.add(candidate);
                primitives.add(candidate.primitive());
                workflows.addAll(candidate.workflows());
            }
        }
        open.sort(Comparator.comparing(Anomaly::primitive).thenComparing(Anomaly::kind));
        active = List.copyOf(open);
        activePrimitives = Set.copyOf(primitives);
        activeWorkflows = Set.copyOf(workflows);
    }
}
