package dev.tta.workflow.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * A bounded set of the values one metric attribute (or one kind of in-process state) takes: the first
 * {@code max} distinct values are kept as they are, any further one becomes {@value #OVERFLOW}, and the first
 * overflow is logged once, at WARN, through the {@code dev.tta.workflow.telemetry} logger. Thread-safe; admitting a
 * known value is one map lookup.
 */
public final class BoundedValues {

    /** What a value past the bound is recorded as. */
    public static final String OVERFLOW = "_overflow";

    private final String what;
    private final int max;
    private final ConcurrentMap<String, String> admitted = new ConcurrentHashMap<>();
    private final AtomicBoolean overflowReported = new AtomicBoolean();

    /**
     * A bound.
     *
     * @param what the values, for the warning, e.g. {@code "primitive names"}
     * @param max how many distinct values are kept
     */
    public BoundedValues(String what, int max) {
        this.what = what;
        this.max = max;
    }

    /**
     * The value to record.
     *
     * @param value a value; null stays null
     * @return {@code value} (the instance first admitted for it), or {@value #OVERFLOW} past the bound
     */
    public String admit(String value) {
        if (value == null) {
            return null;
        }
        String known = admitted.get(value);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = admitted.get(value);
            if (known != null) {
                return known;
            }
            if (admitted.size() < max) {
                admitted.put(value, value);
                return value;
            }
        }
        reportOverflow(value);
        return OVERFLOW;
    }

    private void reportOverflow(String value) {
        if (!overflowReported.compareAndSet(false, true)) {
            return;
        }
        try {
            LoggerFactory.getLogger("dev.tta.workflow.telemetry").warn("{} distinct {} are in use already: '{}' and "
                    + "any further ones are recorded as '{}' in metrics and in-process statistics, to bound their "
                    + "cardinality (spans keep them). Are they built from ids?", max, what, value, OVERFLOW);
        } catch (Throwable loggingFailed) {
            TelemetryErrors.report("warning of too many " + what, loggingFailed);
        }
    }

    /**
     * How many distinct values are kept now.
     *
     * @return at most the bound
     */
    public int size() {
        return admitted.size();
    }
}
