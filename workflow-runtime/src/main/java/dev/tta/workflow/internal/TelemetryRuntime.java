package dev.tta.workflow.internal;

import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.slo.SloStatus;
import dev.tta.workflow.telemetry.PrimitiveReport;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The process-wide state behind {@code WorkflowTelemetry}: which OpenTelemetry instance is in use, its instruments,
 * and the in-process statistics and objectives of every primitive name. Internal: not API.
 *
 * <p>State per primitive name is bounded: at most {@link #MAX_PRIMITIVE_NAMES} names (by default
 * {@value #DEFAULT_MAX_PRIMITIVE_NAMES}, or the system property {@value #MAX_PRIMITIVE_NAMES_PROPERTY} read at start-up)
 * get statistics, objectives and metric series of their own (each holds about 150 KB of latency histograms). Primitives created under further names
 * still run and still get spans under their own name, but share the statistics and metric attributes of the name
 * {@value #OVERFLOW_NAME}; the first such name is logged once, at WARN.
 *
 * <p>Where a {@link TelemetryScope} is current (a test's, typically), the views and declarations here
 * ({@link #existingStats}, {@link #allStats}, {@link #reports}, {@link #sloStatuses}, {@link #declareSlo},
 * {@link #configureWindow}...) and {@link #instruments()} are that scope's; {@link #admit}, {@link #stats} and
 * {@link #slos} always mean the process-wide state, which every primitive binds to when it is created.
 */
public final class TelemetryRuntime {

    /** How many primitive names get state of their own unless {@value #MAX_PRIMITIVE_NAMES_PROPERTY} says. */
    public static final int DEFAULT_MAX_PRIMITIVE_NAMES = 1024;

    /** The system property that sets {@link #MAX_PRIMITIVE_NAMES}, read once when the runtime starts. */
    public static final String MAX_PRIMITIVE_NAMES_PROPERTY = "tta.workflow.maxPrimitiveNames";

    /** The most primitive names that get state of their own. */
    public static final int MAX_PRIMITIVE_NAMES = Math.max(1,
            Integer.getInteger(MAX_PRIMITIVE_NAMES_PROPERTY, DEFAULT_MAX_PRIMITIVE_NAMES));

    /** The name under which primitives past {@link #MAX_PRIMITIVE_NAMES} are counted. */
    public static final String OVERFLOW_NAME = BoundedValues.OVERFLOW;

    /** How often, at most, an unset {@link GlobalOpenTelemetry} is looked at again, in milliseconds. */
    public static final long GLOBAL_RECHECK_MILLIS = 100;
    private static final long GLOBAL_RECHECK_NANOS = GLOBAL_RECHECK_MILLIS * 1_000_000L;

    private static final ConcurrentMap<String, PrimitiveStats> STATS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, PrimitiveSlos> SLOS = new ConcurrentHashMap<>();
    private static final BoundedValues NAMES = new BoundedValues("primitive names", MAX_PRIMITIVE_NAMES);
    private static final List<Gauge> GAUGES = new CopyOnWriteArrayList<>();

    private static volatile OpenTelemetry installed;
    /** The global instance once it has been set; never changes after that (it can only be set once). */
    private static volatile OpenTelemetry global;
    private static volatile long nextGlobalCheckNanos = System.nanoTime();
    private static volatile Instruments instruments = Instruments.bind(OpenTelemetry.noop(), null);
    private static volatile WindowSettings window = WindowSettings.DEFAULT;
    private static ScheduledExecutorService ticker;
    private static ScheduledFuture<?> rotation;

    private TelemetryRuntime() {
    }

    /**
     * Uses this instance from now on instead of the global one; null goes back to the global one.
     *
     * @param openTelemetry the instance, or null
     */
    public static void install(OpenTelemetry openTelemetry) {
        installed = openTelemetry;
        if (openTelemetry == null) {
            global = null;
            nextGlobalCheckNanos = System.nanoTime();
        }
    }

    /**
     * The installed instance, else the global one, else the no-op API. Cheap on the hot path: volatile reads, plus
     * {@code GlobalOpenTelemetry}'s lock at most every {@value #GLOBAL_RECHECK_MILLIS} ms while the global is unset.
     *
     * @param nowNanos the caller's clock reading
     * @return the instance in use
     */
    public static OpenTelemetry openTelemetry(long nowNanos) {
        OpenTelemetry explicit = installed;
        if (explicit != null) {
            return explicit;
        }
        OpenTelemetry found = global;
        if (found != null) {
            return found;
        }
        if (nowNanos - nextGlobalCheckNanos < 0) {
            return OpenTelemetry.noop();
        }
        // getOrNoop never claims the global slot, unlike GlobalOpenTelemetry.get().
        OpenTelemetry candidate = GlobalOpenTelemetry.getOrNoop();
        if (candidate == OpenTelemetry.noop()) {
            nextGlobalCheckNanos = nowNanos + GLOBAL_RECHECK_NANOS;
            return candidate;
        }
        global = candidate;
        return candidate;
    }

    /**
     * The instruments of the instance in use, rebound when it changed since the last call.
     *
     * @return the instruments
     */
    public static Instruments instruments() {
        return instruments(System.nanoTime());
    }

    /**
     * As {@link #instruments()}, with the caller's clock reading so the hot path reads the clock only once.
     *
     * @param nowNanos the caller's clock reading
     * @return the instruments
     */
    public static Instruments instruments(long nowNanos) {
        TelemetryScope scope = TelemetryScope.current();
        return scope != null ? scope.instruments() : processInstruments(nowNanos);
    }

    /**
     * The process-wide instruments, whatever scope is current: for a caller that resolved the scope already.
     *
     * @param nowNanos the caller's clock reading
     * @return the instruments
     */
    public static Instruments processInstruments(long nowNanos) {
        OpenTelemetry target = openTelemetry(nowNanos);
        Instruments current = instruments;
        return current.openTelemetry() == target ? current : rebind(target);
    }

    private static synchronized Instruments rebind(OpenTelemetry target) {
        Instruments current = instruments;
        if (current.openTelemetry() != target) {
            current.closeGauges();
            current = Instruments.bind(target, null);
            for (Gauge gauge : GAUGES) {
                current.register(gauge);
            }
            current.markBound(System.nanoTime());
            instruments = current;
        }
        return current;
    }

    /**
     * Declares a long gauge, registered with the instance in use now and with every later one. A throwing callback
     * is reported, never propagated into the SDK's collection.
     *
     * @param name the metric name
     * @param unit the unit
     * @param description one sentence
     * @param callback records the current values
     */
    public static synchronized void registerGauge(String name, String unit, String description,
            Consumer<ObservableLongMeasurement> callback) {
        Gauge gauge = new Gauge(name, unit, description, callback);
        Instruments current = processInstruments(System.nanoTime()); // may rebind, registering the gauges so far
        GAUGES.add(gauge);
        current.register(gauge);
        for (TelemetryScope scope : TelemetryScope.openScopes()) {
            scope.instruments().register(gauge);
        }
    }

    /** Registers every gauge declared so far with a scope's instruments. */
    static synchronized void registerGaugesWith(Instruments scoped) {
        for (Gauge gauge : GAUGES) {
            scoped.register(gauge);
        }
    }

    /**
     * The name a primitive's state and metric series are kept under: its own while fewer than
     * {@link #MAX_PRIMITIVE_NAMES} names are taken, else {@value #OVERFLOW_NAME}.
     *
     * @param primitiveName the primitive's name
     * @return the name to keep its state under
     */
    public static String admit(String primitiveName) {
        return NAMES.admit(primitiveName);
    }

    /**
     * The statistics of a primitive name, created (and the window timer started) on first use.
     *
     * @param admittedName a name returned by {@link #admit}
     * @param type the primitive's type
     * @return the statistics
     */
    public static PrimitiveStats stats(String admittedName, String type) {
        PrimitiveStats stats = STATS.get(admittedName);
        return stats != null ? stats : createStats(admittedName, type);
    }

    private static synchronized PrimitiveStats createStats(String primitiveName, String type) {
        PrimitiveStats stats = STATS.computeIfAbsent(primitiveName,
                name -> new PrimitiveStats(name, type, window, System.nanoTime(), slos(name)));
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "tta-workflow-window");
                thread.setDaemon(true);
                return thread;
            });
            rotation = scheduleRotation(window);
        }
        return stats;
    }

    /**
     * The statistics of a name, if a primitive of that name was created.
     *
     * @param primitiveName the name
     * @return the statistics, or null
     */
    public static PrimitiveStats existingStats(String primitiveName) {
        TelemetryScope scope = TelemetryScope.current();
        return scope != null ? scope.existingStats(primitiveName) : STATS.get(primitiveName);
    }

    /**
     * Every primitive name's statistics.
     *
     * @return a live view
     */
    public static Collection<PrimitiveStats> allStats() {
        TelemetryScope scope = TelemetryScope.current();
        return scope != null ? scope.allStats() : STATS.values();
    }

    /** Every primitive name's process-wide statistics, whatever scope is current. */
    static Collection<PrimitiveStats> processStats() {
        return STATS.values();
    }

    /** Every primitive name's process-wide objectives, whatever scope is current. */
    static Map<String, PrimitiveSlos> processSlos() {
        return SLOS;
    }

    /**
     * The names with statistics, sorted.
     *
     * @return the names
     */
    public static List<String> names() {
        TelemetryScope scope = TelemetryScope.current();
        if (scope != null) {
            return scope.names();
        }
        return List.copyOf(new TreeMap<>(STATS).keySet());
    }

    /**
     * The objectives of a primitive name, created empty on first use.
     *
     * @param admittedName a name returned by {@link #admit}
     * @return its objectives
     */
    public static PrimitiveSlos slos(String admittedName) {
        PrimitiveSlos slos = SLOS.get(admittedName);
        return slos != null ? slos : SLOS.computeIfAbsent(admittedName, PrimitiveSlos::new);
    }

    /**
     * Every primitive name's objectives, by name.
     *
     * @return a sorted copy
     */
    public static Map<String, PrimitiveSlos> allSlos() {
        TelemetryScope scope = TelemetryScope.current();
        if (scope != null) {
            return scope.allSlos();
        }
        return Collections.unmodifiableMap(new TreeMap<>(SLOS));
    }

    /**
     * The status of every objective declared so far.
     *
     * @param nowNanos the clock reading
     * @return by primitive name, then in order of declaration
     */
    public static List<SloStatus> sloStatuses(long nowNanos) {
        TelemetryScope scope = TelemetryScope.current();
        if (scope != null) {
            return scope.sloStatuses(nowNanos);
        }
        List<SloStatus> statuses = new ArrayList<>();
        for (PrimitiveSlos slos : allSlos().values()) {
            statuses.addAll(slos.statuses(nowNanos));
        }
        return Collections.unmodifiableList(statuses);
    }

    /**
     * Declares an objective for a primitive name.
     *
     * @param primitiveName the name, admitted here
     * @param objective the objective
     * @throws IllegalArgumentException if an objective of the same name differs
     */
    public static void declareSlo(String primitiveName, ServiceLevelObjective objective) {
        Objects.requireNonNull(objective, "objective");
        TelemetryScope scope = TelemetryScope.current();
        if (scope != null) {
            scope.declareSlo(admit(primitiveName), objective);
            return;
        }
        slos(admit(primitiveName)).declare(objective);
    }

    /**
     * Reports of every primitive name.
     *
     * @param nowNanos the clock reading
     * @return one report per name, in no particular order
     */
    public static List<PrimitiveReport> reports(long nowNanos) {
        TelemetryScope scope = TelemetryScope.current();
        if (scope != null) {
            return scope.reports(nowNanos);
        }
        List<PrimitiveReport> rows = new ArrayList<>();
        for (PrimitiveStats stats : STATS.values()) {
            rows.add(stats.report(nowNanos));
        }
        return rows;
    }

    /**
     * The recent window's settings.
     *
     * @return the settings
     */
    public static WindowSettings window() {
        TelemetryScope scope = TelemetryScope.current();
        return scope != null ? scope.window() : window;
    }

    /** The process-wide window settings, whatever scope is current. */
    static WindowSettings processWindow() {
        return window;
    }

    /**
     * Sets the recent window of every primitive's statistics.
     *
     * @param length the window's length
     * @param intervals how many intervals it rolls in
     */
    public static synchronized void configureWindow(Duration length, int intervals) {
        TelemetryScope scope = TelemetryScope.current();
        if (scope != null) {
            scope.configureWindow(length, intervals);
            return;
        }
        WindowSettings settings = new WindowSettings(length, intervals);
        window = settings;
        long now = System.nanoTime();
        for (PrimitiveStats stats : STATS.values()) {
            stats.configure(settings, now);
        }
        if (rotation != null) {
            rotation.cancel(false);
            rotation = scheduleRotation(settings);
        }
    }

    /** Closes the current window interval of every primitive now; the timer does this every interval. */
    public static void rotateWindows() {
        long now = System.nanoTime();
        TelemetryScope scope = TelemetryScope.current();
        if (scope != null) {
            scope.rotateWindows(now);
            return;
        }
        rotateProcessWindows(now);
    }

    /** The timer's work: every window of the process and of every open scope. */
    private static void rotateAllWindows() {
        long now = System.nanoTime();
        rotateProcessWindows(now);
        for (TelemetryScope scope : TelemetryScope.openScopes()) {
            scope.rotateWindows(now);
        }
    }

    private static void rotateProcessWindows(long now) {
        for (PrimitiveStats stats : STATS.values()) {
            try {
                stats.rotate(now);
            } catch (Throwable failure) {
                TelemetryErrors.report("rotating the window of '" + stats.name() + "'", failure);
            }
        }
    }

    private static ScheduledFuture<?> scheduleRotation(WindowSettings settings) {
        long interval = settings.intervalNanos();
        return ticker.scheduleAtFixedRate(TelemetryRuntime::rotateAllWindows, interval, interval, TimeUnit.NANOSECONDS);
    }

    /** A gauge declared once and registered with every instance in turn. */
    record Gauge(String name, String unit, String description, Consumer<ObservableLongMeasurement> callback) {

        /** The callback, guarded so that a throwing one never disturbs the SDK's collection of other metrics. */
        void observe(ObservableLongMeasurement measurement) {
            try {
                callback.accept(measurement);
            } catch (Throwable failure) {
                TelemetryErrors.report("observing the gauge " + name, failure);
            }
        }
    }
}
