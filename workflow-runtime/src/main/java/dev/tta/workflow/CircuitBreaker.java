package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.internal.TelemetryErrors;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.TelemetryGauge;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops calling a step that keeps failing, and lets it recover: the classic closed, open and half-open circuit.
 *
 * <pre>{@code
 * var payments = Workflows.circuitBreaker(new InstrumentedChargePayment())
 *         .slidingWindowSize(20).minimumCalls(10).failureRateThreshold(0.5)
 *         .openDuration(Duration.ofSeconds(30)).halfOpenCalls(3)
 *         .named("payments")
 *         .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Closed</b>: calls run; the outcomes of the last {@link Builder#slidingWindowSize N} calls are kept. Once
 *       at least {@link Builder#minimumCalls} calls are in the window and the share of failures reaches
 *       {@link Builder#failureRateThreshold}, the circuit opens.
 *   <li><b>Open</b>: calls are rejected without running the step, with a {@link CircuitOpenException}. The first
 *       call after {@link Builder#openDuration} turns the circuit half-open (there is no timer thread).
 *   <li><b>Half-open</b>: {@link Builder#halfOpenCalls K} trial calls run, further calls are rejected. If all K
 *       succeed the circuit closes with an empty window; if any fails it opens again.
 * </ul>
 *
 * <p>Which exceptions count as failures is a predicate ({@link Builder#recordFailure}, by default every exception);
 * an exception that does not count is recorded as a success (the step answered), and is still rethrown unchanged.
 * {@link Error}s always count as failures. The outcome of a call admitted before a state change (a slow call that
 * ends after the circuit opened, say) is not recorded. The state machine is guarded by a lock; the step runs outside
 * it.
 *
 * <p>Telemetry: the breaker's span carries {@code workflow.circuit.state}, the state the call was admitted or
 * rejected in; the call that causes a state change gets a {@value #STATE_CHANGED_EVENT} event (attributes
 * {@code workflow.circuit.state}, the new state, and {@link #PREVIOUS_STATE}), and the change is logged at INFO as
 * {@code circuit.state_changed} with key-values {@code primitive}, {@code from} and {@code to}. The gauge
 * {@value TelemetryNames#CIRCUIT_STATE_METRIC}, attributes {@code workflow.primitive.name} and
 * {@code workflow.circuit.state}, is 1 for each live breaker's current state and 0 for the two others (breakers that
 * share a name are summed: give each its own). The gauge holds breakers weakly: an unreferenced breaker is
 * garbage-collected and leaves it.
 *
 * <p>The configuration is immutable; the state is shared by every concurrent execution of this instance, which is
 * the point. Thread-safe.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class CircuitBreaker<I, O> extends CompositePrimitive<I, O> {

    /** The name of a circuit breaker that was not given one. */
    public static final String DEFAULT_NAME = "circuit_breaker";
    /** Default {@link Builder#failureRateThreshold}: half of the calls in the window. */
    public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 0.5;
    /** Default {@link Builder#slidingWindowSize}: the last 20 calls. */
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;
    /** Default {@link Builder#minimumCalls}: 10, or the window size if that is smaller. */
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    /** Default {@link Builder#openDuration}: 30 seconds. */
    public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);
    /** Default {@link Builder#halfOpenCalls}: 3 trial calls. */
    public static final int DEFAULT_HALF_OPEN_CALLS = 3;

    /** Span event on the call that changed the breaker's state. */
    public static final String STATE_CHANGED_EVENT = "workflow.circuit.state_changed";
    /** Attribute of {@link #STATE_CHANGED_EVENT}: the state before the change (the new one is in the state key). */
    public static final AttributeKey<String> PREVIOUS_STATE = AttributeKey.stringKey("workflow.circuit.previous_state");
    /** The log message of a state change. */
    static final String LOG_EVENT = "circuit.state_changed";

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    /** Event attributes of every possible change, indexed by [from][to]. */
    private static final Attributes[][] CHANGE_ATTRIBUTES = new Attributes[3][3];

    static {
        for (State from : State.values()) {
            for (State to : State.values()) {
                CHANGE_ATTRIBUTES[from.ordinal()][to.ordinal()] = Attributes.of(
                        TelemetryNames.CIRCUIT_STATE, to.value(), PREVIOUS_STATE, from.value());
            }
        }
    }

    private final WorkflowPrimitive<? super I, ? extends O> step;
    private final Predicate<? super Exception> recordFailure;
    private final Builder<I, O> configuration;
    private final Circuit circuit;

    private CircuitBreaker(Builder<I, O> builder) {
        super(builder.name, TelemetryNames.TYPE_CIRCUIT_BREAKER);
        this.step = builder.step;
        this.recordFailure = builder.recordFailure;
        this.configuration = builder.copy();
        this.circuit = new Circuit(builder);
        Registry.INSTANCE.register(circuit);
    }

    /**
     * Starts building a circuit breaker around {@code step};
     * {@link dev.tta.workflow.Workflows#circuitBreaker(WorkflowPrimitive)} is the usual entry point.
     *
     * @param step the protected step
     * @param <I> the input type
     * @param <O> the output type
     * @return a builder with the {@code DEFAULT_*} settings of this class
     * @throws IllegalArgumentException if the step is null
     */
    public static <I, O> Builder<I, O> builder(WorkflowPrimitive<? super I, ? extends O> step) {
        return new Builder<>(Checks.notNull(step, "step"));
    }

    /**
     * A breaker with the same step and configuration under another name. It is a separate circuit: its own state,
     * starting closed.
     *
     * @param name the name in spans, metrics and logs; low-cardinality, and unique among breakers
     * @return a new breaker
     * @throws IllegalArgumentException if the name is null or blank
     */
    public CircuitBreaker<I, O> named(String name) {
        return configuration.copy().named(name).build();
    }

    /**
     * The current state. An open circuit whose open duration has passed still reads {@link State#OPEN} until the
     * next call turns it half-open.
     *
     * @return the state
     */
    public State state() {
        return circuit.state;
    }

    /**
     * Closes the circuit now, with an empty window, whatever its state: after the protected system was repaired, or
     * in tests. Calls admitted before the reset have their outcomes ignored, as after any state change. The change is
     * logged as {@code circuit.state_changed} and shows in the state gauge.
     */
    public void reset() {
        Change change = circuit.reset();
        if (change != null) {
            log(change);
        }
    }

    /**
     * The protected step.
     *
     * @return the step
     */
    public WorkflowPrimitive<? super I, ? extends O> step() {
        return step;
    }

    @Override
    protected O run(I input, Invocation invocation) throws Exception {
        return call(input, invocation);
    }

    private O call(I input, Invocation invocation) throws Exception {
        if (Decisions.PERMITTED.equals(invocation.recordedDecision(Decisions.CIRCUIT))) {
            // A replay of a permitted call: it runs whatever this breaker's state is, and leaves that state alone.
            // A recorded rejection never gets here: the replay substitutes the execution with its recorded failure.
            invocation.decided(Decisions.CIRCUIT, Decisions.PERMITTED);
            return step.execute(input, invocation.context());
        }
        Permit permit = circuit.acquire();
        invocation.decided(Decisions.CIRCUIT, permit.rejection != null ? Decisions.REJECTED : Decisions.PERMITTED);
        if (permit.rejection != null) {
            invocation.attribute(TelemetryNames.CIRCUIT_STATE, permit.state.value());
            changed(invocation, permit.change);
            throw permit.rejection;
        }
        Throwable failure = null;
        boolean failed = true;
        try {
            // Inside the try from the moment a permit is held: whatever happens, the outcome is recorded.
            invocation.attribute(TelemetryNames.CIRCUIT_STATE, permit.state.value());
            changed(invocation, permit.change);
            O result = step.execute(input, invocation.context());
            failed = false;
            return result;
        } catch (Throwable thrown) {
            failure = thrown;
            // An Error counts as a failure, whatever the predicate says.
            failed = !(thrown instanceof Exception exception) || recordFailure.test(exception);
            throw thrown;
        } finally {
            // Reached on every path (a throwing predicate counts as a failure), so no trial slot leaks.
            changed(invocation, circuit.record(permit, failed ? failure : null, failed));
        }
    }

    private void changed(Invocation invocation, Change change) {
        if (change == null) {
            return;
        }
        invocation.event(STATE_CHANGED_EVENT, CHANGE_ATTRIBUTES[change.from.ordinal()][change.to.ordinal()]);
        log(change);
    }

    private void log(Change change) {
        try {
            if (LOG.isInfoEnabled()) {
                LOG.atInfo()
                        .addKeyValue("primitive", name())
                        .addKeyValue("from", change.from.value())
                        .addKeyValue("to", change.to.value())
                        .log(LOG_EVENT);
            }
        } catch (Throwable loggingFailed) {
            // Telemetry never breaks the workflow; the span event and the gauge still show the change.
            TelemetryErrors.report("logging a state change of '" + name() + "'", loggingFailed);
        }
    }

    /** The state of a circuit breaker. */
    public enum State {
        /** Calls run, and their outcomes are recorded in the window. */
        CLOSED("closed"),
        /** Calls are rejected without running the step. */
        OPEN("open"),
        /** A few trial calls run to decide whether to close again. */
        HALF_OPEN("half_open");

        private final String value;

        State(String value) {
            this.value = value;
        }

        /**
         * The value of the {@code workflow.circuit.state} attribute.
         *
         * @return {@code closed}, {@code open} or {@code half_open}
         */
        public String value() {
            return value;
        }
    }

    /** What {@link Circuit#acquire()} decided: run in a state (of a generation), or reject. */
    private static final class Permit {
        final State state;
        final long generation;
        final Change change;
        final CircuitOpenException rejection;

        Permit(State state, long generation, Change change, CircuitOpenException rejection) {
            this.state = state;
            this.generation = generation;
            this.change = change;
            this.rejection = rejection;
        }
    }

    /** A state change, reported by the call that caused it. */
    private static final class Change {
        final State from;
        final State to;

        Change(State from, State to) {
            this.from = from;
            this.to = to;
        }
    }

    /** The mutable state of one breaker, guarded by its own monitor; {@link #state} is also read by the gauge. */
    private static final class Circuit {
        private final String name;
        private final double failureRateThreshold;
        private final int minimumCalls;
        private final long openNanos;
        private final int halfOpenCalls;
        private final LongSupplier clock;
        /** Gauge attributes by state ordinal. */
        private final Attributes[] gaugeAttributes = new Attributes[3];

        volatile State state = State.CLOSED;
        /** Ring of the last outcomes in the closed state, true for a failure. */
        private final boolean[] window;
        private int nextSlot;
        private int recorded;
        private int failures;
        private long openedAtNanos;
        private int trialsAdmitted;
        private int trialsSucceeded;
        /** Bumped by every state change, so that outcomes of calls admitted before it are ignored. */
        private long generation;
        /** Why the circuit last opened, and the failure that did it, for the rejections' message and cause. */
        private String openedBecause;
        private Throwable openedBy;

        Circuit(Builder<?, ?> builder) {
            this.name = builder.name;
            this.failureRateThreshold = builder.failureRateThreshold;
            this.minimumCalls = builder.effectiveMinimumCalls();
            this.openNanos = Backoff.saturatedNanos(builder.openDuration);
            this.halfOpenCalls = builder.halfOpenCalls;
            this.clock = builder.clock;
            this.window = new boolean[builder.slidingWindowSize];
            for (State each : State.values()) {
                gaugeAttributes[each.ordinal()] = Attributes.of(TelemetryNames.PRIMITIVE_NAME, name,
                        TelemetryNames.CIRCUIT_STATE, each.value());
            }
        }

        synchronized Permit acquire() {
            Change change = null;
            if (state == State.OPEN) {
                long openFor = clock.getAsLong() - openedAtNanos;
                if (openFor < openNanos) {
                    return new Permit(State.OPEN, generation, null,
                            new CircuitOpenException(name, Duration.ofNanos(openNanos - openFor), halfOpenCalls,
                                    openedBecause, openedBy));
                }
                change = moveTo(State.HALF_OPEN);
            }
            if (state == State.HALF_OPEN) {
                if (trialsAdmitted >= halfOpenCalls) {
                    return new Permit(State.HALF_OPEN, generation, change,
                            new CircuitOpenException(name, Duration.ZERO, halfOpenCalls, openedBecause,
                            openedBy));
                }
                trialsAdmitted++;
            }
            return new Permit(state, generation, change, null);
        }

        synchronized Change record(Permit permit, Throwable failure, boolean failed) {
            if (permit.generation != generation) {
                return null; // admitted before a state change: its outcome belongs to a window that is gone
            }
            if (state == State.CLOSED) {
                if (recorded == window.length) {
                    if (window[nextSlot]) {
                        failures--;
                    }
                } else {
                    recorded++;
                }
                window[nextSlot] = failed;
                if (failed) {
                    failures++;
                }
                nextSlot = (nextSlot + 1) % window.length;
                // Division, not threshold * recorded: 3 of 10 must reach 0.3 (0.3 * 10 is 3.0000000000000004).
                if (recorded >= minimumCalls && (double) failures / recorded >= failureRateThreshold) {
                    openedBecause = failures + " of the last " + recorded + " calls failed ("
                            + percent((double) failures / recorded) + ", threshold " + percent(failureRateThreshold)
                            + ")";
                    openedBy = failure;
                    return moveTo(State.OPEN);
                }
                return null;
            }
            // Half-open: a trial call (an open circuit admits none, and the generation check filtered older ones).
            if (failed) {
                openedBecause = "a trial call failed while half-open";
                openedBy = failure;
                return moveTo(State.OPEN);
            }
            trialsSucceeded++;
            return trialsSucceeded >= halfOpenCalls ? moveTo(State.CLOSED) : null;
        }

        private Change moveTo(State to) {
            Change change = new Change(state, to);
            generation++;
            switch (to) {
                case OPEN:
                    openedAtNanos = clock.getAsLong();
                    break;
                case HALF_OPEN:
                    trialsAdmitted = 0;
                    trialsSucceeded = 0;
                    break;
                default:
                    Arrays.fill(window, false);
                    nextSlot = 0;
                    recorded = 0;
                    failures = 0;
                    break;
            }
            state = to;
            return change;
        }

        /** Closes the circuit with an empty window, whatever its state. */
        synchronized Change reset() {
            openedBecause = null;
            openedBy = null;
            return state == State.CLOSED ? null : moveTo(State.CLOSED);
        }

        private static String percent(double share) {
            return Math.round(share * 1000) / 10.0 + " %";
        }

        /** Adds this breaker's points: 1 for its current state, 0 for the others. */
        void observe(Map<Attributes, Long> points) {
            State current = state;
            for (State each : State.values()) {
                points.merge(gaugeAttributes[each.ordinal()], each == current ? 1L : 0L, Long::sum);
            }
        }
    }

    /**
     * The live breakers, held weakly, and the one gauge that reports them. A separate class with an instance as the
     * callback: a metric collection running while this class initialises never waits on its initialisation lock.
     */
    private static final class Registry implements Consumer<ObservableLongMeasurement> {
        static final Registry INSTANCE = new Registry();

        private final Set<Reference<Circuit>> live = ConcurrentHashMap.newKeySet();
        private final ReferenceQueue<Circuit> collected = new ReferenceQueue<>();

        /** The one gauge of every breaker, registered when the first breaker is built. */
        private static final TelemetryGauge STATE_GAUGE = TelemetryGauge.create(TelemetryNames.CIRCUIT_STATE_METRIC,
                "1", "State of each circuit breaker: 1 for the current state, 0 for the others.", INSTANCE);

        void register(Circuit circuit) {
            for (Reference<? extends Circuit> gone = collected.poll(); gone != null; gone = collected.poll()) {
                live.remove(gone);
            }
            live.add(new WeakReference<>(circuit, collected));
        }

        @Override
        public void accept(ObservableLongMeasurement measurement) {
            Map<Attributes, Long> points = new LinkedHashMap<>();
            for (Reference<Circuit> reference : live) {
                Circuit circuit = reference.get();
                if (circuit == null) {
                    live.remove(reference);
                } else {
                    circuit.observe(points);
                }
            }
            points.forEach((attributes, value) -> measurement.record(value, attributes));
        }

        int size() {
            return live.size();
        }
    }

    /**
     * Configures a {@link CircuitBreaker}. Each setter checks its argument at once ({@link #minimumCalls} against
     * the window size again in {@link #build()}); a builder is not thread-safe, the breaker it builds is.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    public static final class Builder<I, O> {

        private final WorkflowPrimitive<? super I, ? extends O> step;
        private double failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        /** 0 until set: then {@link #DEFAULT_MINIMUM_CALLS}, capped by the window size. */
        private int minimumCalls;
        private Duration openDuration = DEFAULT_OPEN_DURATION;
        private int halfOpenCalls = DEFAULT_HALF_OPEN_CALLS;
        private Predicate<? super Exception> recordFailure = exception -> true;
        private LongSupplier clock = System::nanoTime;
        private String name = DEFAULT_NAME;

        private Builder(WorkflowPrimitive<? super I, ? extends O> step) {
            this.step = step;
        }

        /**
         * The share of failed calls in the window at which the circuit opens.
         *
         * @param failureRateThreshold greater than 0.0, at most 1.0; e.g. 0.5 opens at half the calls failing
         * @return this builder
         * @throws IllegalArgumentException if outside (0.0, 1.0]
         */
        public Builder<I, O> failureRateThreshold(double failureRateThreshold) {
            if (!(failureRateThreshold > 0.0 && failureRateThreshold <= 1.0)) {
                throw new IllegalArgumentException("failureRateThreshold must be greater than 0.0 and at most 1.0, "
                        + "was " + failureRateThreshold);
            }
            this.failureRateThreshold = failureRateThreshold;
            return this;
        }

        /**
         * How many of the most recent calls the failure rate is computed over.
         *
         * @param slidingWindowSize at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder<I, O> slidingWindowSize(int slidingWindowSize) {
            this.slidingWindowSize = Checks.atLeast(slidingWindowSize, 1, "slidingWindowSize");
            return this;
        }

        /**
         * How many calls the window must hold before the circuit can open, so that one early failure does not open
         * it.
         *
         * @param minimumCalls from 1 to the sliding window size
         * @return this builder
         * @throws IllegalArgumentException if below 1 (or, in {@link #build()}, above the window size)
         */
        public Builder<I, O> minimumCalls(int minimumCalls) {
            this.minimumCalls = Checks.atLeast(minimumCalls, 1, "minimumCalls");
            return this;
        }

        /**
         * How long an opened circuit rejects calls before it admits trial calls.
         *
         * @param openDuration positive
         * @return this builder
         * @throws IllegalArgumentException if null, zero or negative
         */
        public Builder<I, O> openDuration(Duration openDuration) {
            this.openDuration = Checks.positive(openDuration, "openDuration");
            return this;
        }

        /**
         * How many trial calls a half-open circuit admits; all must succeed for it to close.
         *
         * @param halfOpenCalls at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder<I, O> halfOpenCalls(int halfOpenCalls) {
            this.halfOpenCalls = Checks.atLeast(halfOpenCalls, 1, "halfOpenCalls");
            return this;
        }

        /**
         * Which exceptions count as failures; the others count as successes (and are still rethrown). By default
         * every exception counts, e.g. use {@code e -> !(e instanceof IllegalArgumentException)} so that rejected
         * input does not open the circuit.
         *
         * @param recordFailure true for an exception that counts as a failure
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<I, O> recordFailure(Predicate<? super Exception> recordFailure) {
            this.recordFailure = Checks.notNull(recordFailure, "recordFailure");
            return this;
        }

        /**
         * The clock measuring the open duration, in nanoseconds like {@link System#nanoTime()} (the default); a
         * fake one makes tests independent of real time.
         *
         * @param clock a monotonic nanosecond clock
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<I, O> clock(LongSupplier clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /**
         * The name in spans, metrics and logs; {@value CircuitBreaker#DEFAULT_NAME} by default.
         *
         * @param name a low-cardinality name, unique among breakers
         * @return this builder
         * @throws IllegalArgumentException if null or blank
         */
        public Builder<I, O> named(String name) {
            this.name = Checks.name(name);
            return this;
        }

        /**
         * Builds the breaker, closed.
         *
         * @return a new circuit breaker with its own state
         * @throws IllegalArgumentException if {@link #minimumCalls} exceeds {@link #slidingWindowSize}
         */
        public CircuitBreaker<I, O> build() {
            if (minimumCalls > slidingWindowSize) {
                throw new IllegalArgumentException("minimumCalls must be between 1 and slidingWindowSize ("
                        + slidingWindowSize + "), was " + minimumCalls);
            }
            return new CircuitBreaker<>(this);
        }

        int effectiveMinimumCalls() {
            return minimumCalls == 0 ? Math.min(DEFAULT_MINIMUM_CALLS, slidingWindowSize) : minimumCalls;
        }

        Builder<I, O> copy() {
            Builder<I, O> copy = new Builder<>(step);
            copy.failureRateThreshold = failureRateThreshold;
            copy.slidingWindowSize = slidingWindowSize;
            copy.minimumCalls = minimumCalls;
            copy.openDuration = openDuration;
            copy.halfOpenCalls = halfOpenCalls;
            copy.recordFailure = recordFailure;
            copy.clock = clock;
            copy.name = name;
            return copy;
        }
    }

    /** The number of breakers the gauge still tracks (collected ones may linger until the next registration). */
    static int trackedBreakers() {
        return Registry.INSTANCE.size();
    }
}
