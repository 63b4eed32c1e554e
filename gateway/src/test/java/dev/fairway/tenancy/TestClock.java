package dev.fairway.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC wall clock that moves only when a test says so. */
public final class TestClock extends Clock {
  private final AtomicLong ms;

  public TestClock(Instant start) {
    ms = new AtomicLong(start.toEpochMilli());
  }

  public TestClock() {
    this(Instant.parse("2025-06-15T12:00:00Z"));
  }

  public void advance(Duration d) {
    ms.addAndGet(d.toMillis());
  }

  public void set(Instant t) {
    ms.set(t.toEpochMilli());
  }

  @Override
  public long millis() {
    return ms.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(ms.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
