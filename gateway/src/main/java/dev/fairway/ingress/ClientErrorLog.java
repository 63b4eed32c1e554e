package dev.fairway.ingress;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs protocol errors that clients cause (bad chunking, a bad escape in the path, a missing Host,
 * a body abandoned half-way) as one WARN line without a stack trace, at most one line per
 * interval; the lines in between are counted and the count is given with the next one. A client
 * can therefore neither fill the log nor make it look like the gateway failed.
 */
public final class ClientErrorLog {
  private static final Logger log = LoggerFactory.getLogger(ClientErrorLog.class);
  private static final int MAX_DETAIL = 160;

  private final LongSupplier ticker;
  private final long intervalNanos;
  private final Logger out;
  private long lastNanos;
  private boolean logged;
  private long suppressed;

  /** @param ticker nanoseconds, for the interval */
  public ClientErrorLog(LongSupplier ticker, long intervalNanos) {
    this(ticker, intervalNanos, log);
  }

  ClientErrorLog(LongSupplier ticker, long intervalNanos, Logger out) {
    this.ticker = ticker;
    this.intervalNanos = intervalNanos;
    this.out = out;
  }

  /**
   * Notes one client error; logs it unless another was logged less than an interval ago.
   *
   * @param what what the client did wrong ("malformed chunked body")
   * @param detail the parser's own words, or null; shortened and kept to one line
   */
  public synchronized void warn(String remote, String method, String path, String what, String detail) {
    long now = ticker.getAsLong();
    if (logged && now - lastNanos < intervalNanos) {
      suppressed++;
      return;
    }
    logged = true;
    lastNanos = now;
    String more = suppressed == 0 ? "" : " (" + suppressed + " more since the last line)";
    suppressed = 0;
    out.warn("client error from {}: {}{} on {} {}{}", remote, what, detail == null ? "" : " (" + oneLine(detail) + ")",
        method, oneLine(path), more);
  }

  /** Printable, one line, bounded: the text is the client's, and must not forge log lines. */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_DETAIL));
    for (int i = 0; i < s.length() && b.length() < MAX_DETAIL; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return s.length() > MAX_DETAIL ? b + "..." : b.toString();
  }
}
