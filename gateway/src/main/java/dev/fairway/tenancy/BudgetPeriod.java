package dev.fairway.tenancy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How often a budget starts again. Every period is a fixed interval of UTC time, the same on
 * every instance and independent of when a key was made: {@code 1h} from the top of each hour,
 * {@code 1d} from midnight, {@code 7d} from Monday midnight (ISO weeks), {@code 30d} in 30-day
 * blocks counted from 1970-01-01, {@code month} from the first of each calendar month; {@code
 * none} never starts again (a lifetime budget).
 */
public enum BudgetPeriod {
  HOUR("1h"),
  DAY("1d"),
  WEEK("7d"),
  DAYS_30("30d"),
  MONTH("month"),
  NONE("none");

  private static final long HOUR_MS = 3_600_000L;
  private static final long DAY_MS = 24 * HOUR_MS;
  private static final long WEEK_MS = 7 * DAY_MS;
  private static final long DAYS_30_MS = 30 * DAY_MS;
  /** 1970-01-01 was a Thursday; the first Monday is four days later. */
  private static final long FIRST_MONDAY_MS = 4 * DAY_MS;

  private final String wire;

  BudgetPeriod(String wire) {
    this.wire = wire;
  }

  /** The name in the API and the database ({@code 1h}, {@code month}...). */
  public String wire() {
    return wire;
  }

  /** The period named {@code s}, or null when there is none by that name. */
  public static BudgetPeriod parse(String s) {
    for (BudgetPeriod p : values()) {
      if (p.wire.equals(s)) {
        return p;
      }
    }
    return null;
  }

  /** When the period holding {@code nowMs} began (epoch milliseconds); 0 for {@link #NONE}. */
  public long start(long nowMs) {
    return switch (this) {
      case HOUR -> Math.floorDiv(nowMs, HOUR_MS) * HOUR_MS;
      case DAY -> Math.floorDiv(nowMs, DAY_MS) * DAY_MS;
      case WEEK -> Math.floorDiv(nowMs - FIRST_MONDAY_MS, WEEK_MS) * WEEK_MS + FIRST_MONDAY_MS;
      case DAYS_30 -> Math.floorDiv(nowMs, DAYS_30_MS) * DAYS_30_MS;
      case MONTH -> {
        LocalDate d = Instant.ofEpochMilli(nowMs).atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
        yield d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      case NONE -> 0L;
    };
  }

  /** When the period that began at {@code startMs} ends, exclusive; {@link Long#MAX_VALUE} for {@link #NONE}. */
  public long end(long startMs) {
    return switch (this) {
      case HOUR -> startMs + HOUR_MS;
      case DAY -> startMs + DAY_MS;
      case WEEK -> startMs + WEEK_MS;
      case DAYS_30 -> startMs + DAYS_30_MS;
      case MONTH -> Instant.ofEpochMilli(startMs).atZone(ZoneOffset.UTC).plusMonths(1).toInstant().toEpochMilli();
      case NONE -> Long.MAX_VALUE;
    };
  }

  @Override
  public String toString() {
    return wire;
  }
}
