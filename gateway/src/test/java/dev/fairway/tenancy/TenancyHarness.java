package dev.fairway.tenancy;

import dev.fairway.catalog.Secret;
import dev.fairway.storage.Database;
import dev.fairway.testing.TestDatabases;

/**
 * Tenancy opened on a database, with a test clock and a manual scheduler: the run's shared
 * database of a kind (see {@link SharedDatabases}), or one of the test's own ({@link #isolated}).
 * {@link #reopen} is a restart: Tenancy closes (writing its spend) and opens again on the same data.
 */
public final class TenancyHarness implements AutoCloseable {
  public static final String MASTER = "sk-fw-master-test-0123456789abcdefghijklmnop";

  private final TestDatabases.Handle own;
  public final TestClock clock;
  public final ManualScheduler scheduler = new ManualScheduler();
  public Database db;
  public Tenancy tenancy;

  private TenancyHarness(TestDatabases.Handle own, Database db, TestClock clock) {
    this.own = own;
    this.db = db;
    this.clock = clock;
    open();
  }

  public TenancyHarness(TestDatabases.Kind kind, TestClock clock) {
    this(null, SharedDatabases.get(kind), clock);
  }

  public TenancyHarness(TestDatabases.Kind kind) {
    this(kind, new TestClock());
  }

  /** On a fresh database of the test's own, dropped on close. */
  public static TenancyHarness isolated(TestDatabases.Kind kind, TestClock clock) {
    TestDatabases.Handle h = TestDatabases.open(kind);
    return new TenancyHarness(h, Database.open(h.config()), clock);
  }

  public TestDatabases.Handle ownDatabase() {
    return own;
  }

  private void open() {
    tenancy = Tenancy.open(db, clock, scheduler, Tenancy.Settings.defaults(MasterKey.of(new Secret(MASTER))));
  }

  /** Another instance of the gateway on the same database (its own ring, counters and scheduler). */
  public Tenancy secondInstance(ManualScheduler s) {
    return Tenancy.open(db, clock, s, Tenancy.Settings.defaults(null));
  }

  /** Stops (writing spend) and starts again on the same database; an own database is reopened too. */
  public void reopen() {
    tenancy.close();
    if (own != null) {
      db.close();
      db = Database.open(own.config());
    }
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
    } finally {
      if (own != null) {
        try {
          db.close();
        } finally {
          own.close();
        }
      }
    }
  }
}
