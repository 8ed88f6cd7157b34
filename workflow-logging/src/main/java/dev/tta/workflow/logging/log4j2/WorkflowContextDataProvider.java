package dev.tta.workflow.logging.log4j2;

import dev.tta.workflow.spi.LogCorrelation;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.apache.logging.log4j.core.util.ContextDataProvider;

/**
 * Log4j 2 context data for a workflow: {@code trace_id} and {@code span_id} of the current span, {@code workflow_id}
 * and {@code correlation_id} of the current workflow run, read from {@link Context#current()} when Log4j creates an
 * event, so that layouts see them as context data ({@code %X{trace_id}}, or a JSON layout's MDC) while a call that
 * logs nothing pays nothing. Log4j loads it through {@code ServiceLoader} when it starts; from then on the runtime no
 * longer fills the MDC around every call (unless the system property {@code tta.workflow.mdc} is {@code eager}).
 *
 * <p>Log4j constructs this class itself; applications do not.
 */
public final class WorkflowContextDataProvider implements ContextDataProvider {

    /** Called by Log4j's service loader. */
    public WorkflowContextDataProvider() {
        LogCorrelation.lazyProviderStarted(getClass().getName());
    }

    @Override
    public Map<String, String> supplyContextData() {
        return LogCorrelation.entries(Context.current());
    }
}
