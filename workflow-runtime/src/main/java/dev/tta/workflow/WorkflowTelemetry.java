package dev.tta.workflow;

import dev.tta.workflow.internal.AnomalyBoard;
import dev.tta.workflow.internal.PrimitiveSlos;
import dev.tta.workflow.internal.PrimitiveStats;
import dev.tta.workflow.internal.SloState;
import dev.tta.workflow.internal.TelemetryRuntime;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.slo.SloStatus;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import dev.tta.workflow.telemetry.Anomaly;
import dev.tta.workflow.telemetry.AnomalySettings;
import dev.tta.workflow.telemetry.LatencySnapshot;
import dev.tta.workflow.telemetry.PrimitiveReport;
import dev.tta.workflow.telemetry.TelemetryReport;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The library's telemetry settings and in-process views.
 *
 * <p>By default every span and metric goes to {@link GlobalOpenTelemetry}, looked up when workflows run rather than
 * captured when classes load: an SDK registered after the workflow classes were loaded is picked up within
 * {@value #GLOBAL_RECHECK_MILLIS} ms, and until one is registered the library runs on the no-op API without claiming
 * the global slot (so a later {@code GlobalOpenTelemetry.set} still succeeds). Once found, the global instance is
 * kept: {@code GlobalOpenTelemetry} can only be set once (tests that reset it call {@link #useGlobal()} to make the
 * library look again). {@link #install(OpenTelemetry)} chooses an instance explicitly,
 * for example in tests or when an application keeps its SDK out of the global.
 *
 * <p>HdrHistogram latency percentiles and the state of service level objectives are kept per primitive name whatever
 * OpenTelemetry is installed, with no SDK at all included. That state is bounded: at most
 * {@link #maxPrimitiveNames()} names (by default {@value #DEFAULT_MAX_PRIMITIVE_NAMES}, about 150 KB each; the system
 * property {@value #MAX_PRIMITIVE_NAMES_PROPERTY} sets another bound at start-up) get statistics, objectives and metric
 * series of their own. Primitives under further names still run and keep their names on spans, but share the
 * statistics and metric series of {@value #OVERFLOW_NAME}; the first such name is logged once at WARN.
 */
public final class WorkflowTelemetry {

    /**
     * How often, at most, an unset {@link GlobalOpenTelemetry} is looked at again, in milliseconds (looking takes
     * its lock, which the hot path must not do on every call).
     */
    public static final long GLOBAL_RECHECK_MILLIS = TelemetryRuntime.GLOBAL_RECHECK_MILLIS;

    /** How many primitive names get state of their own unless {@value #MAX_PRIMITIVE_NAMES_PROPERTY} says. */
    public static final int DEFAULT_MAX_PRIMITIVE_NAMES = TelemetryRuntime.DEFAULT_MAX_PRIMITIVE_NAMES;

    /** The system property that sets {@link #maxPrimitiveNames()}, read once when the runtime starts. */
    public static final String MAX_PRIMITIVE_NAMES_PROPERTY = TelemetryRuntime.MAX_PRIMITIVE_NAMES_PROPERTY;

    /** The {@code workflow.primitive.name} under which primitives past {@link #maxPrimitiveNames()} are counted. */
    public static final String OVERFLOW_NAME = TelemetryRuntime.OVERFLOW_NAME;

    private WorkflowTelemetry() {
    }

    /**
     * The most primitive names that get statistics, objectives and metric series of their own in this process.
     *
     * @return the bound
     */
    public static int maxPrimitiveNames() {
        return TelemetryRuntime.MAX_PRIMITIVE_NAMES;
    }

    /**
     * Sends all workflow telemetry to this OpenTelemetry instance from now on, instead of the global one.
     *
     * @param openTelemetry the instance, typically an {@code OpenTelemetrySdk}
     * @throws NullPointerException if the instance is null
     */
    public static void install(OpenTelemetry openTelemetry) {
        TelemetryRuntime.install(Objects.requireNonNull(openTelemetry,
                "openTelemetry must not be null; call useGlobal() to go back to GlobalOpenTelemetry"));
    }

    /**
     * Undoes {@link #install(OpenTelemetry)}: telemetry goes to {@link GlobalOpenTelemetry} again, which is looked
     * up afresh on the next execution.
     */
    public static void useGlobal() {
        TelemetryRuntime.install(null);
    }

    /**
     * The instance telemetry goes to right now: the installed one, else the global one, else the no-op API.
     *
     * @return the OpenTelemetry instance in use
     */
    public static OpenTelemetry openTelemetry() {
        return TelemetryRuntime.openTelemetry(System.nanoTime());
    }


    /**
     * Lifetime latency percentiles of every execution of the primitives with this name (two step classes with the
     * same name share them).
     *
     * @param primitiveName the name in spans and metrics, e.g. {@code "Validate"}
     * @return the snapshot; its count is zero if the primitive was created but never ran
     * @throws IllegalArgumentException if no primitive with this name has been created; the message lists the known
     *     names
     */
    public static LatencySnapshot latency(String primitiveName) {
        return known(primitiveName).latency().lifetime();
    }

    /**
     * Latency percentiles of the primitives with this name over the recent window (see
     * {@link #configureWindow(Duration, int)}).
     *
     * @param primitiveName the name in spans and metrics
     * @return the snapshot; its count is zero if nothing completed in the window
     * @throws IllegalArgumentException if no primitive with this name has been created
     */
    public static LatencySnapshot recentLatency(String primitiveName) {
        return known(primitiveName).latency().window(System.nanoTime()).latency();
    }

    /**
     * Lifetime latency percentiles of every primitive created so far.
     *
     * @return snapshots by primitive name, in name order
     */
    public static Map<String, LatencySnapshot> latencies() {
        Map<String, LatencySnapshot> snapshots = new TreeMap<>();
        for (PrimitiveStats stats : TelemetryRuntime.allStats()) {
            snapshots.put(stats.name(), stats.latency().lifetime());
        }
        return Collections.unmodifiableMap(snapshots);
    }

    /**
     * A snapshot of every primitive: lifetime and recent-window percentiles, throughput, concurrency, cost and the
     * state of its service level objectives.
     * Print it with {@link TelemetryReport#toTable()} or {@link TelemetryReport#toJson()}.
     *
     * @return the report, primitives in name order; primitives that never ran are left out
     */
    public static TelemetryReport report() {
        List<PrimitiveReport> rows = new ArrayList<>();
        for (PrimitiveReport row : TelemetryRuntime.reports(System.nanoTime())) {
            if (row.lifetime().count() > 0 || row.active() > 0) {
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing(PrimitiveReport::name));
        return new TelemetryReport(Instant.now(), TelemetryRuntime.window().length(), rows, AnomalyBoard.recent());
    }

    /**
     * Declares a service level objective for the primitives with this name, from now on: a built-in primitive
     * ({@code Workflows.retry(step).named("charge-with-retry")...}), a hand-written one, or a generated step whose
     * objectives are not written in its source. Objectives in annotations ({@code @LatencySlo},
     * {@code @AvailabilitySlo}) and those given to {@link PrimitiveTelemetry#forPrimitive(String, String, Class,
     * ServiceLevelObjective...)} are declared the same way. Every execution ending after the declaration counts.
     *
     * <p>Objectives belong to the primitive name, like its statistics: primitives sharing a name share them.
     * Declaring an equal objective again changes nothing.
     *
     * @param primitiveName the primitive's name in spans and metrics, e.g. {@code "charge-with-retry"}; the
     *     primitive need not exist yet
     * @param objective the objective
     * @throws IllegalArgumentException if the name is blank, or the primitive already has a different objective of
     *     the same name
     * @throws NullPointerException if the objective is null
     */
    public static void declareSlo(String primitiveName, ServiceLevelObjective objective) {
        if (primitiveName == null || primitiveName.isBlank()) {
            throw new IllegalArgumentException("primitive name must not be null or blank");
        }
        Objects.requireNonNull(objective, "objective must not be null");
        TelemetryRuntime.declareSlo(primitiveName, objective);
    }

    /**
     * The state of every service level objective declared so far: good and total events over its compliance
     * period, error budget left, burn rates.
     *
     * @return one status per objective, by primitive name then in order of declaration
     */
    public static List<SloStatus> sloStatuses() {
        return TelemetryRuntime.sloStatuses(System.nanoTime());
    }

    /**
     * The state of one service level objective.
     *
     * @param primitiveName the primitive's name in spans and metrics
     * @param sloName the objective's name, e.g. {@code "latency-300ms"} or {@code "availability"}
     * @return its status now
     * @throws IllegalArgumentException if the primitive has no objective of that name; the message lists the
     *     objectives declared
     */
    public static SloStatus sloStatus(String primitiveName, String sloName) {
        PrimitiveSlos slos = TelemetryRuntime.allSlos().get(primitiveName);
        if (slos != null) {
            for (SloState state : slos.states()) {
                if (state.objective().name().equals(sloName)) {
                    return state.tracker().status();
                }
            }
        }
        List<String> declared = new ArrayList<>();
        TelemetryRuntime.allSlos().forEach((name, declarations) -> {
            for (SloState state : declarations.states()) {
                declared.add(name + "/" + state.objective().name());
            }
        });
        throw new IllegalArgumentException("No SLO named '" + sloName + "' is declared for primitive '"
                + primitiveName + "'. Declared: " + declared);
    }



    /**
     * Sets the recent window of every primitive's statistics: its length and the number of intervals it rolls in
     * (the default is 60 s in 6 intervals, so the window covers the last 50 to 60 seconds). The windows start empty;
     * lifetime statistics are kept.
     *
     * @param length the window's length
     * @param intervals how many intervals it rolls in, at least 2
     * @throws IllegalArgumentException if the length is not positive, there are fewer than 2 intervals, or an
     *     interval would be shorter than a millisecond
     */
    public static void configureWindow(Duration length, int intervals) {
        TelemetryRuntime.configureWindow(length, intervals);
    }

    /**
     * The anomalies open now, of every primitive: each closed window interval is judged against a robust baseline
     * of the recent ones (see {@link AnomalySettings}), for latency and for errors.
     *
     * @return immutable values, by primitive name then kind; empty when none is open
     */
    public static List<Anomaly> anomalies() {
        return AnomalyBoard.active();
    }

    /**
     * The most recent anomalies, open and closed (at most {@value AnomalyBoard#MAX_RECENT}), each as last seen.
     *
     * @return immutable values, in order of opening
     */
    public static List<Anomaly> recentAnomalies() {
        return AnomalyBoard.recent();
    }

    /**
     * Whether an anomaly of a primitive is open now: one volatile read and a set lookup, cheap enough for a tail
     * sampler to ask for every span it keeps or drops ({@code WorkflowTelemetry::isAnomalyActive} is a
     * {@code Predicate<String>}).
     *
     * @param primitiveName the primitive's name ({@code workflow.primitive.name})
     * @return true while an anomaly of any kind is open for it
     */
    public static boolean isAnomalyActive(String primitiveName) {
        return AnomalyBoard.activeFor(primitiveName);
    }

    /**
     * Whether an anomaly is open now for a primitive that ran in this workflow (the workflows of the open anomalies'
     * exemplar executions); as cheap as {@link #isAnomalyActive(String)}.
     *
     * @param workflowName the workflow's name ({@code workflow.name})
     * @return true while such an anomaly is open
     */
    public static boolean isAnomalyActiveInWorkflow(String workflowName) {
        return AnomalyBoard.activeInWorkflow(workflowName);
    }

    /**
     * Sets how anomalies are detected, from now on: every primitive's detectors start afresh (their baselines are
     * learnt again, and what was open closes).
     *
     * @param settings the settings, e.g. {@code AnomalySettings.DEFAULT.withMinSamples(10)}
     * @throws NullPointerException if the settings are null
     */
    public static void configureAnomalyDetection(AnomalySettings settings) {
        AnomalyBoard.configure(settings);
    }

    /**
     * How anomalies are detected now.
     *
     * @return the settings; {@link AnomalySettings#DEFAULT} unless configured
     */
    public static AnomalySettings anomalySettings() {
        return AnomalyBoard.settings();
    }

    private static PrimitiveStats known(String primitiveName) {
        PrimitiveStats stats = TelemetryRuntime.existingStats(primitiveName);
        if (stats == null) {
            throw new IllegalArgumentException("No workflow primitive named '" + primitiveName
                    + "' has been created. Known primitives: " + TelemetryRuntime.names());
        }
        return stats;
    }
}
