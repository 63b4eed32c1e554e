package dev.fairway.neutrality;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The time range an audit covers, {@code [from, to)} on the decision records' start times, either
 * end open. Dates are whole UTC days, as in the spend reports, so {@code --from 2025-03-10 --to
 * 2025-03-11} is the 10th.
 *
 * @param fromMs first millisecond included, or null for the log's beginning
 * @param toMs first millisecond excluded, or null for its end
 */
public record Window(Long fromMs, Long toMs) {
  public static final Window ALL = new Window(null, null);

  public Window {
    if (fromMs != null && toMs != null && toMs < fromMs) {
      throw new IllegalArgumentException("the window ends (" + iso(toMs) + ") before it starts (" + iso(fromMs) + ")");
    }
  }

  /** The window of {@code --from} and {@code --to} (either null); throws IllegalArgumentException naming a bad one. */
  public static Window parse(String from, String to) {
    return new Window(time("--from", from), time("--to", to));
  }

  public boolean contains(long ms) {
    return (fromMs == null || ms >= fromMs) && (toMs == null || ms < toMs);
  }

  /** {@code 2025-03-10T00:00:00Z to 2025-03-11T00:00:00Z}, with {@code the log's beginning/end} for open ends. */
  public String describe() {
    if (fromMs == null && toMs == null) {
      return "the whole log";
    }
    return (fromMs == null ? "the log's beginning" : iso(fromMs)) + " to " + (toMs == null ? "its end" : iso(toMs));
  }

  /** ISO-8601 UTC text of {@code ms}, or null. */
  public static String iso(Long ms) {
    return ms == null ? null : Instant.ofEpochMilli(ms).toString();
  }

  private static Long time(String name, String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    String s = v.strip();
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return OffsetDateTime.parse(s.toUpperCase(Locale.ROOT).replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant().toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(name + ": expected a date (YYYY-MM-DD, UTC) or an ISO-8601 instant with an"
          + " offset (2025-03-10T12:00:00Z), got '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'");
    }
  }
}
