package dev.tta.workflow.logging;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/** A real Log4j appender on the root logger keeping every event, immutable, for the test to read. */
final class Log4jLines extends AbstractAppender {

    private final List<LogEvent> events = new ArrayList<>();

    private Log4jLines() {
        super("LINES", null, null, true, Property.EMPTY_ARRAY);
    }

    static Log4jLines attach() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        Log4jLines lines = new Log4jLines();
        lines.start();
        configuration.addAppender(lines);
        configuration.getRootLogger().addAppender(lines, null, null);
        context.updateLoggers();
        return lines;
    }

    void detach() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }

    @Override
    public synchronized void append(LogEvent event) {
        events.add(event.toImmutable());
    }

    synchronized List<LogEvent> withMessage(String message) {
        return events.stream().filter(event -> event.getMessage().getFormattedMessage().equals(message)).toList();
    }
}
