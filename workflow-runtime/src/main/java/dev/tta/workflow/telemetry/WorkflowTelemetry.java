package dev.tta.workflow.telemetry;

import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.slo.SloStatus;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
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
 * OpenTelemetry is installed, with no SDK at all included.
 */
public final class WorkflowTelemetry {

    private static final ConcurrentMap<String, PrimitiveStats> STATS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, PrimitiveSlos> SLOS = new ConcurrentHashMap<>();
    private static final List<TelemetryGauge> GAUGES = new CopyOnWriteArrayList<>();

    /**
     * How often, at most, an unset {@link GlobalOpenTelemetry} is looked at again, in milliseconds (looking takes
     * its lock, which the hot path must not do on every call).
     */
    public static final long GLOBAL_RECHECK_MILLIS = 100;
    private static final long GLOBAL_RECHECK_NANOS = GLOBAL_RECHECK_MILLIS * 1_000_000L;

    private static volatile OpenTelemetry installed;
    /** The global instance once it has been set; never changes after that (it can only be set once). */
    private static volatile OpenTelemetry global;
    private static volatile long nextGlobalCheckNanos = System.nanoTime();
    private static volatile Instruments instruments = Instruments.bind(OpenTelemetry.noop());
    private static volatile WindowSettings window = WindowSettings.DEFAULT;
    private static ScheduledExecutorService ticker;
    private static ScheduledFuture<?> rotation;

    private WorkflowTelemetry() {
    }

    /**
     * Sends all workflow telemetry to this OpenTelemetry instance from now on, instead of the global one.
     *
     * @param openTelemetry the instance, typically an {@code OpenTelemetrySdk}
     * @throws NullPointerException if the instance is null
     */
    public static void install(OpenTelemetry openTelemetry) {
        installed = Objects.requireNonNull(openTelemetry,
                "openTelemetry must not be null; call useGlobal() to go back to GlobalOpenTelemetry");
    }

    /**
     * Undoes {@link #install(OpenTelemetry)}: telemetry goes to {@link GlobalOpenTelemetry} again, which is looked
     * up afresh on the next execution.
     */
    public static void useGlobal() {
        installed = null;
        global = null;
        nextGlobalCheckNanos = System.nanoTime();
    }

    /**
     * The instance telemetry goes to right now: the installed one, else the global one, else the no-op API.
     *
     * @return the OpenTelemetry instance in use
     */
    public static OpenTelemetry openTelemetry() {
        return resolve(System.nanoTime());
    }

    /**
     * The installed instance, else the global one. Cheap on the hot path: volatile reads, plus
     * {@code GlobalOpenTelemetry}'s lock at most every {@value #GLOBAL_RECHECK_MILLIS} ms while the global is unset.
     */
    private static OpenTelemetry resolve(long nowNanos) {
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
        STATS.forEach((name, stats) -> snapshots.put(name, stats.latency().lifetime()));
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
        long now = System.nanoTime();
        List<PrimitiveReport> rows = new ArrayList<>();
        for (PrimitiveStats stats : allStats()) {
            PrimitiveReport row = stats.report(now);
            if (row.lifetime().count() > 0 || row.active() > 0) {
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing(PrimitiveReport::name));
        return new TelemetryReport(Instant.now(), window.length(), rows);
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
        slos(primitiveName).declare(objective);
    }

    /**
     * The state of every service level objective declared so far: good and total events over its compliance
     * period, error budget left, burn rates.
     *
     * @return one status per objective, by primitive name then in order of declaration
     */
    public static List<SloStatus> sloStatuses() {
        long now = System.nanoTime();
        List<SloStatus> statuses = new ArrayList<>();
        for (PrimitiveSlos slos : new TreeMap<>(SLOS).values()) {
            statuses.addAll(slos.statuses(now));
        }
        return Collections.unmodifiableList(statuses);
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
        PrimitiveSlos slos = SLOS.get(primitiveName);
        if (slos != null) {
            for (SloState state : slos.states()) {
                if (state.objective().name().equals(sloName)) {
                    return state.tracker().status();
                }
            }
        }
        List<String> declared = new ArrayList<>();
        new TreeMap<>(SLOS).forEach((name, declarations) -> {
            for (SloState state : declarations.states()) {
                declared.add(name + "/" + state.objective().name());
            }
        });
        throw new IllegalArgumentException("No SLO named '" + sloName + "' is declared for primitive '"
                + primitiveName + "'. Declared: " + declared);
    }

    /** The objectives of a primitive name, created empty on first use. */
    static PrimitiveSlos slos(String primitiveName) {
        PrimitiveSlos slos = SLOS.get(primitiveName);
        return slos != null ? slos : SLOS.computeIfAbsent(primitiveName, PrimitiveSlos::new);
    }

    /** Every primitive name's objectives, for the gauges. */
    static Collection<PrimitiveSlos> allSlos() {
        return SLOS.values();
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
    public static synchronized void configureWindow(Duration length, int intervals) {
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
    static void rotateWindows() {
        long now = System.nanoTime();
        for (PrimitiveStats stats : STATS.values()) {
            try {
                stats.rotate(now);
            } catch (RuntimeException failure) {
                TelemetryErrors.report("rotating the window of '" + stats.name() + "'", failure);
            }
        }
    }

    private static PrimitiveStats known(String primitiveName) {
        PrimitiveStats stats = STATS.get(primitiveName);
        if (stats == null) {
            throw new IllegalArgumentException("No workflow primitive named '" + primitiveName
                    + "' has been created. Known primitives: " + new TreeMap<>(STATS).keySet());
        }
        return stats;
    }

    /** Every primitive's statistics, for the gauges. */
    static Collection<PrimitiveStats> allStats() {
        return STATS.values();
    }

    /** The statistics of a primitive name, created (and the window timer started) on first use. */
    static PrimitiveStats stats(String primitiveName, String type) {
        PrimitiveStats stats = STATS.get(primitiveName);
        return stats != null ? stats : createStats(primitiveName, type);
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

    private static ScheduledFuture<?> scheduleRotation(WindowSettings settings) {
        long interval = settings.intervalNanos();
        return ticker.scheduleAtFixedRate(WorkflowTelemetry::rotateWindows, interval, interval, TimeUnit.NANOSECONDS);
    }

    /** The instruments of the instance in use, rebound when it changed since the last call. */
    static Instruments instruments() {
        return instruments(System.nanoTime());
    }

    /** As {@link #instruments()}, with the caller's clock reading so the hot path reads the clock only once. */
    static Instruments instruments(long nowNanos) {
        OpenTelemetry target = resolve(nowNanos);
        Instruments current = instruments;
        return current.openTelemetry() == target ? current : rebind(target);
    }

    private static synchronized Instruments rebind(OpenTelemetry target) {
        Instruments current = instruments;
        if (current.openTelemetry() != target) {
            current.closeGauges();
            current = Instruments.bind(target);
            for (TelemetryGauge gauge : GAUGES) {
                current.register(gauge);
            }
            instruments = current;
        }
        return current;
    }

    /** Registers a gauge with the instance in use now and with every later one. */
    static synchronized void registerGauge(TelemetryGauge gauge) {
        Instruments current = instruments(); // may rebind, registering the gauges known so far
        GAUGES.add(gauge);
        current.register(gauge);
    }

}
