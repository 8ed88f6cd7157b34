package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.PhaseSpan;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.internal.MetricAttributes;
import dev.tta.workflow.spi.TelemetryCounter;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Tries a primary step, then alternatives in order, with the same input, until one returns.
 *
 * <p>One span covers the fallback. Every candidate tried (the primary included) runs inside a child span named
 * {@code workflow.fallback.alternative} with {@code workflow.fallback.index} (0 for the primary, 1 for the first
 * alternative...), which is the parent of the candidate's own span and has status ERROR if the candidate failed.
 * The counter {@code workflow.fallback.activations} (attributes {@code workflow.primitive.name} and
 * {@code workflow.name}) goes up by one for each alternative tried after the primary.
 *
 * <p>A failure moves on to the next alternative only if it matches {@link #fallbackOn(Predicate)} (by default any
 * {@link Exception}). An {@link InterruptedException} never does, nor does an {@link Error}: they propagate at once,
 * unchanged, like any failure that does not match. If every candidate fails, the last failure is thrown with the
 * earlier ones added to it as {@linkplain Throwable#getSuppressed() suppressed} exceptions, in order.
 *
 * <p>Immutable and thread-safe, provided the predicate is. Build one with {@link dev.tta.workflow.Workflows#fallback}.
 *
 * @param <I> the input type
 * @param <O> the common output type
 */
public final class Fallback<I, O> extends CompositePrimitive<I, O> {

    /** The name of a fallback that was not given one. */
    public static final String DEFAULT_NAME = "fallback";

    private static final TelemetryCounter ACTIVATIONS = TelemetryCounter.create(
            TelemetryNames.FALLBACK_ACTIVATIONS_METRIC, "{activation}",
            "Alternatives tried by workflow fallbacks after their primary step.");

    private static final Predicate<Exception> ANY_EXCEPTION = failure -> true;

    /** The primary at index 0, then the alternatives. */
    private final List<WorkflowPrimitive<? super I, ? extends O>> candidates;
    private final Predicate<? super Exception> fallbackOn;
    private final List<Attributes> candidateAttributes;
    private final MetricAttributes activationAttributes;

    private Fallback(List<WorkflowPrimitive<? super I, ? extends O>> candidates,
            Predicate<? super Exception> fallbackOn, String name) {
        super(name, TelemetryNames.TYPE_FALLBACK);
        this.candidates = candidates;
        this.fallbackOn = fallbackOn;
        List<Attributes> attributes = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            attributes.add(Attributes.of(TelemetryNames.FALLBACK_INDEX, (long) i));
        }
        this.candidateAttributes = List.copyOf(attributes);
        this.activationAttributes = MetricAttributes.of(Attributes.of(TelemetryNames.PRIMITIVE_NAME, name));
    }

    /**
     * A fallback.
     *
     * @param primary the step tried first
     * @param alternatives the steps tried, in order, when the ones before failed; at least one
     * @param <I> the input type
     * @param <O> the common output type
     * @return the fallback, named {@value #DEFAULT_NAME}, falling back on any {@link Exception} but
     *     {@link InterruptedException}
     * @throws IllegalArgumentException if the primary is null, the list is null or empty, or it holds a null
     */
    public static <I, O> Fallback<I, O> of(WorkflowPrimitive<? super I, ? extends O> primary,
            List<? extends WorkflowPrimitive<? super I, ? extends O>> alternatives) {
        Checks.notNull(primary, "primary");
        List<WorkflowPrimitive<? super I, ? extends O>> checked = Checks.elements(alternatives, "alternatives");
        List<WorkflowPrimitive<? super I, ? extends O>> candidates = new ArrayList<>();
        candidates.add(primary);
        candidates.addAll(checked);
        return new Fallback<I, O>(Collections.unmodifiableList(candidates), ANY_EXCEPTION, DEFAULT_NAME);
    }

    /**
     * The same fallback, moving on to the next alternative only for failures that match. Failures that do not
     * match propagate at once, unchanged. {@link InterruptedException} never matches, whatever the predicate says.
     * If the predicate itself throws, its exception propagates, with the failure it was asked about suppressed in it.
     *
     * @param fallbackOn decides whether a failure is worth trying the next alternative for, e.g.
     *     {@code e -> e instanceof IOException}
     * @return a new fallback
     * @throws IllegalArgumentException if the predicate is null
     */
    public Fallback<I, O> fallbackOn(Predicate<? super Exception> fallbackOn) {
        return new Fallback<>(candidates, Checks.notNull(fallbackOn, "fallbackOn"), name());
    }

    /**
     * The same fallback under another name.
     *
     * @param name the name in spans, metrics and logs; low-cardinality
     * @return a new fallback
     * @throws IllegalArgumentException if the name is null or blank
     */
    public Fallback<I, O> named(String name) {
        return new Fallback<>(candidates, fallbackOn, Checks.name(name));
    }

    /**
     * The step tried first.
     *
     * @return the primary step
     */
    public WorkflowPrimitive<? super I, ? extends O> primary() {
        return candidates.get(0);
    }

    /**
     * The steps tried after the primary, in order.
     *
     * @return an unmodifiable list
     */
    public List<WorkflowPrimitive<? super I, ? extends O>> alternatives() {
        return candidates.subList(1, candidates.size());
    }

    @Override
    protected O run(I input, Invocation invocation) throws Exception {
        return tryCandidates(input, invocation);
    }

    private O tryCandidates(I input, Invocation invocation) throws Exception {
        WorkflowContext context = invocation.context();
        List<Exception> failures = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            if (i > 0) {
                ACTIVATIONS.add(1, activationAttributes.forWorkflow(context.workflowName()));
            }
            PhaseSpan span = PhaseSpan.start(context, TelemetryNames.FALLBACK_ALTERNATIVE_SPAN,
                    candidateAttributes.get(i));
            try {
                O result = candidates.get(i).execute(input, span.context());
                // Recorded, not repeated: a replay reaches the same alternative through the same failures.
                invocation.decided(Decisions.FALLBACK, Integer.toString(i));
                return result;
            } catch (Exception failure) {
                span.fail(failure);
                if (!shouldFallBack(failure)) {
                    throw failure;
                }
                failures.add(failure);
            } catch (Throwable failure) {
                span.fail(failure);
                throw failure;
            } finally {
                span.end();
            }
        }
        Exception last = failures.get(failures.size() - 1);
        for (Exception earlier : failures.subList(0, failures.size() - 1)) {
            Failures.suppress(last, earlier);
        }
        throw last;
    }

    private boolean shouldFallBack(Exception failure) {
        if (failure instanceof InterruptedException) {
            return false;
        }
        try {
            return fallbackOn.test(failure);
        } catch (RuntimeException predicateFailed) {
            // A broken predicate must not hide the failure it was asked about.
            predicateFailed.addSuppressed(failure);
            throw predicateFailed;
        }
    }
}
