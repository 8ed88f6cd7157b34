package dev.tta.workflow.logging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import dev.tta.workflow.spi.LogCorrelation;
import io.opentelemetry.context.Context;
import java.util.Iterator;
import java.util.Map;

/**
 * Adds a workflow's ids to every event it passes on to the appenders it wraps: {@code trace_id} and {@code span_id}
 * of the current span, {@code workflow_id} and {@code correlation_id} of the current workflow run, read from
 * {@link Context#current()} on the thread that writes the event. Patterns and encoders see them as MDC entries
 * ({@code %X{trace_id}}), as they would with the MDC filled around every call; but nothing is done for a call that
 * writes no line, so the runtime stops filling the MDC once this appender has started (unless the system property
 * {@code tta.workflow.mdc} is {@code eager}).
 *
 * <pre>{@code
 * <appender name="WORKFLOW" class="dev.tta.workflow.logging.logback.WorkflowLogAppender">
 *   <appender-ref ref="CONSOLE"/>
 * </appender>
 * <root level="INFO"><appender-ref ref="WORKFLOW"/></root>
 * }</pre>
 *
 * <p>Put it outermost, in front of an {@code AsyncAppender} rather than behind one: it must run on the thread that
 * wrote the event. Entries of the event's own MDC stay; the ids of the current context replace entries of the same
 * names. Outside any trace and workflow the event is passed on as it is.
 */
public class WorkflowLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();

    /** An appender with nothing attached yet; Logback's configurator attaches the {@code appender-ref}s. */
    public WorkflowLogAppender() {
    }

    @Override
    public void start() {
        super.start();
        LogCorrelation.lazyProviderStarted(getClass().getName());
    }

    @Override
    protected void append(ILoggingEvent event) {
        Map<String, String> ids = LogCorrelation.entries(Context.current());
        appenders.appendLoopOnAppenders(ids.isEmpty() ? event : new EventWithIds(event, ids));
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
