package dev.fairway.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log event of the process while open, to assert on what a test made the gateway log. */
public final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  public List<ILoggingEvent> events() {
    synchronized (appender.list) {
      return List.copyOf(appender.list);
    }
  }

  /** Events at ERROR, or with a stack trace attached, or spanning several lines. */
  public List<String> noisy() {
    return events().stream()
        .filter(e -> e.getLevel() == Level.ERROR || e.getThrowableProxy() != null
            || e.getFormattedMessage().contains("\n"))
        .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : " [" + e.getThrowableProxy().getClassName() + "]"))
        .toList();
  }

  public List<String> warnings() {
    return events().stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
