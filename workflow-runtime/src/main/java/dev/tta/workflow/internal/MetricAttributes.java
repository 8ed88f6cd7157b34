package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.TelemetryNames;

import io.opentelemetry.api.common.Attributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A primitive's metric attributes, plus {@code workflow.name} for each workflow it runs in, built once per workflow
 * name and then reused: looking them up on the hot path allocates nothing.
 *
 * <pre>{@code
 * private final MetricAttributes expired = MetricAttributes.of(Attributes.of(TelemetryNames.PRIMITIVE_NAME, name));
 * ...
 * EXPIRATIONS.add(1, expired.forWorkflow(invocation.workflowName()));
 * }</pre>
 *
 * <p>The last workflow seen is answered from a single-entry cache (a primitive usually runs in one workflow), others
 * from a small map. To keep metric cardinality bounded, at most {@value #MAX_WORKFLOWS} workflow names are kept per
 * instance; executions in further workflows get the attributes without {@code workflow.name}, and this is logged
 * once, at WARN, through the {@code dev.tta.workflow.telemetry} logger. Thread-safe.
 */
public final class MetricAttributes {

    /** The most workflow names one attribute set takes; executions in more workflows are counted without one. */
    public static final int MAX_WORKFLOWS = 64;

    private static final Logger LOG = LoggerFactory.getLogger("dev.tta.workflow.telemetry");

    private final Attributes base;
    private final ConcurrentMap<String, Entry> byWorkflow = new ConcurrentHashMap<>(4);
    private final AtomicBoolean overflowReported = new AtomicBoolean();
    private volatile Entry last;

    private MetricAttributes(Attributes base) {
        this.base = Objects.requireNonNull(base, "attributes must not be null");
    }

    /**
     * Wraps a primitive's metric attributes.
     *
     * @param base the attributes without {@code workflow.name}; low-cardinality
     * @return the per-workflow attributes
     */
    public static MetricAttributes of(Attributes base) {
        return new MetricAttributes(base);
    }

    /**
     * The attributes without {@code workflow.name}.
     *
     * @return the base attributes
     */
    public Attributes base() {
        return base;
    }

    /**
     * The attributes for an execution in this workflow.
     *
     * @param workflowName the workflow's name, or null for none
     * @return the base attributes plus {@code workflow.name}; the base alone for a null name or when
     *     {@value #MAX_WORKFLOWS} other names are taken
     */
    public Attributes forWorkflow(String workflowName) {
        if (workflowName == null) {
            return base;
        }
        Entry entry = last;
        // Contexts of one run share the name's instance: identity answers first.
        if (entry != null && (entry.name == workflowName || entry.name.equals(workflowName))) {
            return entry.attributes;
        }
        return lookup(workflowName);
    }

    private Attributes lookup(String workflowName) {
        Entry entry = byWorkflow.get(workflowName);
        if (entry == null) {
            if (byWorkflow.size() >= MAX_WORKFLOWS) {
                reportOverflow(workflowName);
                return base;
            }
            entry = byWorkflow.computeIfAbsent(workflowName,
                    name -> new Entry(name, base.toBuilder().put(TelemetryNames.WORKFLOW_NAME, name).build()));
        }
        last = entry;
        return entry.attributes;
    }

    private void reportOverflow(String workflowName) {
        if (overflowReported.compareAndSet(false, true)) {
            try {
                LOG.warn("Metrics with attributes {} have been recorded in {} workflows already; further workflows "
                        + "(such as '{}') are counted without workflow.name, to bound the metric's cardinality. Are "
                        + "workflow names built from ids?", base, MAX_WORKFLOWS, workflowName);
            } catch (RuntimeException loggingFailed) {
                // Nowhere to report to; the workflow must still run.
            }
        }
    }

    @Override
    public String toString() {
        return "MetricAttributes{" + base + ", " + byWorkflow.size() + " workflows}";
    }

    private record Entry(String name, Attributes attributes) {
    }
}
