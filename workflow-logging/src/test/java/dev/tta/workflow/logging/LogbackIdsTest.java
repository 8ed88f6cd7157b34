package dev.tta.workflow.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tta.workflow.logging.logback.WorkflowLogAppender;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The contract with Logback, configured by {@code logback-test.xml} as the README recommends. */
class LogbackIdsTest extends LogIdsContract {

    @SuppressWarnings("unchecked") // the configuration declares LINES as a ListAppender of logging events
    private static ListAppender<ILoggingEvent> lines() {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        WorkflowLogAppender workflow = (WorkflowLogAppender) logback.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("WORKFLOW");
        return (ListAppender<ILoggingEvent>) workflow.getAppender("LINES");
    }

    @Override
    List<Map<String, String>> linesWith(String message) {
        ListAppender<ILoggingEvent> lines = lines();
        synchronized (lines) {
            return lines.list.stream().filter(event -> event.getFormattedMessage().equals(message))
                    .map(ILoggingEvent::getMDCPropertyMap).toList();
        }
    }

    @Override
    void clearLines() {
        ListAppender<ILoggingEvent> lines = lines();
        synchronized (lines) {
            lines.list.clear();
        }
    }
}
