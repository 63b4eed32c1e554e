package dev.fairway.tenancy;

import dev.fairway.catalog.Secret;
import dev.fairway.storage.Database;
import dev.fairway.testing.TestDatabases;

/**
 * A database of the test's own with Tenancy opened on it, a test clock and a manual scheduler;
 * {@link #reopen} closes and opens it again on the same database (a restart).
 */
public final class TenancyHarness implements AutoCloseable {
  public static final String MASTER = "sk-fw-master-test-0123456789abcdefghijklmnop";

  public final TestDatabases.Handle handle;
  public final TestClock clock;
  public final ManualScheduler scheduler = new ManualScheduler();
  public Database db;
  public Tenancy tenancy;

  public TenancyHarness(TestDatabases.Kind kind, TestClock clock) {
    this.handle = TestDatabases.open(kind);
    this.clock = clock;
    open();
  }

  public TenancyHarness(TestDatabases.Kind kind) {
    this(kind, new TestClock());
  }

  private void open() {
    db = Database.open(handle.config());
    tenancy = Tenancy.open(db, clock, scheduler, Tenancy.Settings.defaults(MasterKey.of(new Secret(MASTER))));
  }

  /** Another instance of the gateway on the same database (its own ring, counters and scheduler). */
  public Tenancy secondInstance(ManualScheduler s) {
    return Tenancy.open(db, clock, s, Tenancy.Settings.defaults(null));
  }

  /** Stops (flushing spend) and starts again on the same database. */
  public void reopen() {
    tenancy.close();
    db.close();
    open();
  }

  public TenancyAdmin admin() {
    return tenancy.admin();
  }

  public long now() {
    return clock.millis();
  }

  @Override
  public void close() {
    try {
      tenancy.close();
      db.close();
    } finally {
      handle.close();
    }
  }
}
