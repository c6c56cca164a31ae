package dev.streambus.localredis;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Records what one logger (and its children) logs during a test; {@link #close()} detaches it. Needs logback-classic
 * on the test class path (an optional dependency of this module).
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level levelBefore;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Class<?> source, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        this.levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures at the configured level. */
    public static LogCapture of(Class<?> source) {
        return new LogCapture(source, null);
    }

    /** Captures from {@code level} up (e.g. DEBUG to count retries), restoring the logger's level on close. */
    public static LogCapture of(Class<?> source, Level level) {
        return new LogCapture(source, level);
    }

    /** Formatted messages logged at {@code level} that contain {@code text}. */
    public List<String> messages(Level level, String text) {
        List<ILoggingEvent> events;
        synchronized (appender) { // AppenderBase.doAppend appends under this lock
            events = new ArrayList<>(appender.list);
        }
        return events.stream().filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(levelBefore);
    }
}
