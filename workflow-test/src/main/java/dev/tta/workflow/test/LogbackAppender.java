package dev.tta.workflow.test;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.tta.workflow.spi.LogCorrelation;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * One appender on Logback's root logger, attached while any test captures logs, handing each line to the captures
 * that want it. Loaded only when Logback is the SLF4J backend.
 */
final class LogbackAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final String NAME = "tta-workflow-test-capture";
    private static final Set<LogCapture> CAPTURES = ConcurrentHashMap.newKeySet();
    private static LogbackAppender attached;

    private LogbackAppender() {
    }

    static boolean supports(ILoggerFactory factory) {
        return factory instanceof LoggerContext;
    }

    static synchronized void register(LogCapture capture) {
        CAPTURES.add(capture);
        LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // Attach again if a configuration reset removed it.
        if (attached == null || root.getAppender(NAME) == null) {
            LogbackAppender appender = new LogbackAppender();
            appender.setName(NAME);
            appender.setContext(context);
            appender.start();
            root.addAppender(appender);
            attached = appender;
        }
    }

    static synchronized void unregister(LogCapture capture) {
        CAPTURES.remove(capture);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (CAPTURES.isEmpty()) {
            return;
        }
        CapturedLog line = null;
        for (LogCapture capture : CAPTURES) {
            if (capture.wants()) {
                if (line == null) {
                    line = toLine(event);
                }
                capture.add(line);
            }
        }
    }

    private static CapturedLog toLine(ILoggingEvent event) {
        Map<String, String> keyValues = new LinkedHashMap<>();
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                keyValues.put(pair.key, String.valueOf(pair.value));
            }
        }
        Map<String, String> mdc = new LinkedHashMap<>();
        event.getMDCPropertyMap().forEach((key, value) -> {
            if (key != null && value != null) {
                mdc.put(key, value);
            }
        });
        if (!LogCorrelation.eagerMdc()) {
            // A lazy provider fills the ids when an event is written: this appender runs on the writing thread.
            mdc.putAll(LogCorrelation.entries(Context.current()));
        }
        return new CapturedLog(event.getLevel().toString(), event.getLoggerName(), event.getFormattedMessage(),
                keyValues, mdc, event.getThreadName());
    }
}
