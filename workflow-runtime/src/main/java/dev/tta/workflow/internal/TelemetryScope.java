package dev.tta.workflow.internal;

import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.slo.SloStatus;
import dev.tta.workflow.telemetry.PrimitiveReport;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private copy of the runtime's in-process state, with an OpenTelemetry instance of its own: the statistics,
 * percentiles, peak counts and objective trackers of every primitive name, and the instruments bound to that
 * instance. Internal: not API; test kits reach it through {@code dev.tta.workflow.spi.IsolatedTelemetry}.
 *
 * <p>How executions find it: a scope is made current in an OpenTelemetry {@link Context} under {@link #KEY}.
 * {@code WorkflowContext.start} and {@code extract} look there (only while at least one scope is open: one volatile
 * read otherwise) and the workflow context carries the scope from then on, to every child context and across every
 * thread hop, so that the executions of that run use this state whichever thread runs them. With no scope open,
 * nothing here is read on the hot path.
 *
 * <p>Objectives declared for a name in the process (by a generated class's static initialiser, typically) apply in
 * every scope, with trackers of the scope's own; objectives declared while a scope is current apply in that scope
 * only. Gauges declared through {@code TelemetryGauge} are registered with the scope's instance too, but they report
 * what their callbacks see, which is process-wide.
 */
public final class TelemetryScope implements AutoCloseable {

    /** The key under which an OpenTelemetry context carries the scope its workflows run in. */
    public static final ContextKey<TelemetryScope> KEY = ContextKey.named("dev.tta.workflow.telemetry-scope");

    /** How many scopes are open; while none is, nothing looks up a scope. */
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final Set<TelemetryScope> OPEN_SCOPES = ConcurrentHashMap.newKeySet();

    private final ConcurrentMap<String, PrimitiveStats> stats = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, PrimitiveSlos> slos = new ConcurrentHashMap<>();
    private final Instruments instruments;
    private volatile WindowSettings window;
    private final AtomicInteger closed = new AtomicInteger();

    private TelemetryScope(OpenTelemetry openTelemetry) {
        this.window = TelemetryRuntime.processWindow();
        this.instruments = Instruments.bind(openTelemetry, this);
    }

    /**
     * Opens a scope sending its telemetry to this instance. Close it when done.
     *
     * @param openTelemetry the instance, typically a private SDK
     * @return the open scope
     */
    public static TelemetryScope open(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry must not be null");
        OPEN.incrementAndGet();
        TelemetryScope scope;
        try {
            scope = new TelemetryScope(openTelemetry);
        } catch (RuntimeException | Error failure) {
            OPEN.decrementAndGet();
            throw failure;
        }
        OPEN_SCOPES.add(scope);
        TelemetryRuntime.registerGaugesWith(scope.instruments);
        return scope;
    }

    /**
     * The scope current on this thread, if any scope is open at all.
     *
     * @return the scope, or null
     */
    public static TelemetryScope current() {
        return OPEN.get() == 0 ? null : currentIn(Context.current());
    }

    /**
     * The scope an OpenTelemetry context carries, if any scope is open at all.
     *
     * @param context the context
     * @return the scope, or null
     */
    public static TelemetryScope in(Context context) {
        return OPEN.get() == 0 ? null : currentIn(context);
    }

    private static TelemetryScope currentIn(Context context) {
        try {
            return context.get(KEY);
        } catch (Throwable failure) {
            TelemetryErrors.report("reading the telemetry scope of the OpenTelemetry context", failure);
            return null;
        }
    }

    /** The open scopes, for the window timer. */
    static Collection<TelemetryScope> openScopes() {
        return OPEN_SCOPES;
    }

    /**
     * An OpenTelemetry context that carries this scope.
     *
     * @param context the context to extend
     * @return {@code context} with this scope
     */
    public Context storeIn(Context context) {
        return context.with(KEY, this);
    }

    /**
     * The instruments bound to this scope's instance.
     *
     * @return the instruments
     */
    public Instruments instruments() {
        return instruments;
    }

    /**
     * The statistics of a primitive name in this scope, created on first use.
     *
     * @param admittedName a name returned by {@link TelemetryRuntime#admit}
     * @param type the primitive's type
     * @return the statistics
     */
    public PrimitiveStats stats(String admittedName, String type) {
        PrimitiveStats found = stats.get(admittedName);
        return found != null ? found : stats.computeIfAbsent(admittedName,
                name -> new PrimitiveStats(name, type, window, System.nanoTime(), slos(name)));
    }

    /**
     * The objectives of a primitive name in this scope: those declared for the name in the process, with trackers of
     * this scope's own, and those declared in this scope.
     *
     * @param admittedName a name returned by {@link TelemetryRuntime#admit}
     * @return its objectives
     */
    public PrimitiveSlos slos(String admittedName) {
        PrimitiveSlos found = slos.get(admittedName);
        return found != null ? found : slos.computeIfAbsent(admittedName, name -> {
            PrimitiveSlos copy = new PrimitiveSlos(name);
            PrimitiveSlos process = TelemetryRuntime.processSlos().get(name);
            if (process != null) {
                for (SloState state : process.states()) {
                    copy.declare(state.objective());
                }
            }
            return copy;
        });
    }

    /**
     * The objectives of a name in this scope, if they were looked at already.
     *
     * @param admittedName the name
     * @return its objectives, or null
     */
    public PrimitiveSlos existingSlos(String admittedName) {
        return slos.get(admittedName);
    }

    PrimitiveStats existingStats(String primitiveName) {
        return stats.get(primitiveName);
    }

    Collection<PrimitiveStats> allStats() {
        return stats.values();
    }

    List<String> names() {
        return List.copyOf(new TreeMap<>(stats).keySet());
    }

    Map<String, PrimitiveSlos> allSlos() {
        return Collections.unmodifiableMap(new TreeMap<>(slos));
    }

    List<SloStatus> sloStatuses(long nowNanos) {
        List<SloStatus> statuses = new ArrayList<>();
        for (PrimitiveSlos declared : allSlos().values()) {
            statuses.addAll(declared.statuses(nowNanos));
        }
        return Collections.unmodifiableList(statuses);
    }

    void declareSlo(String admittedName, ServiceLevelObjective objective) {
        slos(admittedName).declare(objective);
    }

    List<PrimitiveReport> reports(long nowNanos) {
        List<PrimitiveReport> rows = new ArrayList<>();
        for (PrimitiveStats each : stats.values()) {
            rows.add(each.report(nowNanos));
        }
        return rows;
    }

    WindowSettings window() {
        return window;
    }

    void configureWindow(Duration length, int intervals) {
        WindowSettings settings = new WindowSettings(length, intervals);
        window = settings;
        long now = System.nanoTime();
        for (PrimitiveStats each : stats.values()) {
            each.configure(settings, now);
        }
    }

    void rotateWindows(long nowNanos) {
        for (PrimitiveStats each : stats.values()) {
            try {
                each.rotate(nowNanos);
            } catch (Throwable failure) {
                TelemetryErrors.report("rotating the window of '" + each.name() + "'", failure);
            }
        }
    }

    /**
     * Closes the scope: its gauges are unregistered from its instance and, once no scope is open, workflows stop
     * looking for one. Runs that carry it already keep using its state. Closing again does nothing.
     */
    @Override
    public void close() {
        if (closed.getAndIncrement() == 0) {
            OPEN_SCOPES.remove(this);
            OPEN.decrementAndGet();
            instruments.closeGauges();
        }
    }

    @Override
    public String toString() {
        return "TelemetryScope{" + instruments.openTelemetry() + "}";
    }
}
