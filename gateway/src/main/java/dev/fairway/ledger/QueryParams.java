package dev.fairway.ledger;

import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * A report's query string, checked: only known parameters, each at most once, dates as
 * {@code YYYY-MM-DD} (UTC midnight) or RFC 3339 times with an offset. Every complaint is a
 * {@link GatewayError} naming the parameter.
 */
final class QueryParams {
  private final MultiMap params;

  QueryParams(MultiMap params, Set<String> known) {
    this.params = params;
    for (String name : params.names()) {
      if (!known.contains(name)) {
        throw GatewayError.invalid("Unrecognized query parameter: " + name + " (expected one of "
            + String.join(", ", known.stream().sorted().toList()) + ").", name, Reason.UNKNOWN_PARAMETER);
      }
      if (params.getAll(name).size() > 1) {
        throw GatewayError.invalid("The query parameter '" + name + "' is given more than once.", name,
            Reason.INVALID_VALUE);
      }
    }
  }

  /** The parameter's value, or null when absent or empty. */
  String get(String name) {
    String v = params.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** A time as epoch milliseconds, or {@code otherwise} when absent. */
  long time(String name, long otherwise) {
    String v = get(name);
    if (v == null) {
      return otherwise;
    }
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return OffsetDateTime.parse(v.toUpperCase(Locale.ROOT).replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant().toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw GatewayError.invalid("Invalid value for '" + name + "': expected a date (YYYY-MM-DD, UTC) or an RFC 3339"
          + " time with an offset (2025-03-01T12:00:00Z), got '" + shorten(v) + "'.", name, Reason.INVALID_VALUE);
    }
  }

  /** A whole number in {@code [min, max]}, or {@code otherwise} when absent. */
  int integer(String name, int min, int max, int otherwise) {
    String v = get(name);
    if (v == null) {
      return otherwise;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw GatewayError.invalid("Invalid value for '" + name + "': expected a whole number, got '" + shorten(v) + "'.",
          name, Reason.INVALID_TYPE);
    }
    if (n < min || n > max) {
      throw GatewayError.invalid("Invalid value for '" + name + "': must be between " + min + " and " + max
          + ", got " + n + ".", name, Reason.INVALID_VALUE);
    }
    return n;
  }

  /** One of {@code choices} (case-insensitive, returned lower-case), or {@code otherwise} when absent. */
  String choice(String name, Set<String> choices, String otherwise) {
    String v = get(name);
    if (v == null) {
      return otherwise;
    }
    String l = v.toLowerCase(Locale.ROOT);
    if (!choices.contains(l)) {
      throw GatewayError.invalid("Invalid value for '" + name + "': expected one of "
          + String.join(", ", choices.stream().sorted().toList()) + ", got '" + shorten(v) + "'.", name,
          Reason.UNSUPPORTED_VALUE);
    }
    return l;
  }

  static GatewayError invalid(String name, String why) {
    return GatewayError.invalid("Invalid value for '" + name + "': " + why, name, Reason.INVALID_VALUE);
  }

  private static String shorten(String v) {
    return v.length() <= 64 ? v : v.substring(0, 64) + "...";
  }
}
