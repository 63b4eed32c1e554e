package dev.fairway.tenancy;

import dev.fairway.storage.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual keys, teams, budgets and rate limits, wired in one place: the key ring (authentication
 * from memory), the limits (exact in-process counters), the admin service, and the two
 * background tasks on the scheduler given (key-cache refresh, spend flush). {@link #close}
 * cancels them and writes the last spend.
 */
public final class Tenancy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Tenancy.class);

  /**
   * @param master the master key, or null when none is configured (then only virtual keys open anything)
   * @param refreshInterval how often the key cache checks the database's change counter
   * @param flushInterval how often changed spend is written
   */
  public record Settings(MasterKey master, Duration refreshInterval, Duration flushInterval) {
    public static final Duration DEFAULT_REFRESH = Duration.ofMillis(500);
    public static final Duration DEFAULT_FLUSH = Duration.ofSeconds(1);

    public Settings {
      refreshInterval = refreshInterval == null ? DEFAULT_REFRESH : refreshInterval;
      flushInterval = flushInterval == null ? DEFAULT_FLUSH : flushInterval;
    }

    public static Settings defaults(MasterKey master) {
      return new Settings(master, DEFAULT_REFRESH, DEFAULT_FLUSH);
    }
  }

  private final MasterKey master;
  private final KeyRing ring;
  private final Limits limits;
  private final TenancyAdmin admin;
  private final SpendFlusher flusher;
  private final ScheduledFuture<?> refreshTask;
  private final ScheduledFuture<?> flushTask;
  private final Clock clock;
  private final TenancyStore store;

  private Tenancy(MasterKey master, KeyRing ring, Limits limits, TenancyAdmin admin, SpendFlusher flusher,
      ScheduledFuture<?> refreshTask, ScheduledFuture<?> flushTask, Clock clock, TenancyStore store) {
    this.store = store;
    this.master = master;
    this.ring = ring;
    this.limits = limits;
    this.admin = admin;
    this.flusher = flusher;
    this.refreshTask = refreshTask;
    this.flushTask = flushTask;
    this.clock = clock;
  }

  /**
   * Loads every key, team and the current spend from {@code db} (blocking, at start), then keeps
   * the cache fresh and the spend written on {@code scheduler}.
   *
   * @throws dev.fairway.storage.StorageException when the database cannot be read
   */
  public static Tenancy open(Database db, Clock clock, ScheduledExecutorService scheduler, Settings settings) {
    return open(db, Counters.inProcess(), clock, scheduler, settings);
  }

  /** As {@link #open(Database, Clock, ScheduledExecutorService, Settings)}, on counters of the caller's choosing. */
  public static Tenancy open(Database db, Counters counters, Clock clock, ScheduledExecutorService scheduler,
      Settings settings) {
    Objects.requireNonNull(clock, "clock");
    TenancyStore store = new TenancyStore(db);
    KeyRing ring = new KeyRing(store);
    ring.loadNow();
    SpendFlusher flusher = new SpendFlusher(counters, store, clock);
    flusher.restore();
    TenancyAdmin admin = new TenancyAdmin(store, ring, counters, clock, new SecureRandom());
    long refresh = settings.refreshInterval().toMillis();
    long flush = settings.flushInterval().toMillis();
    ScheduledFuture<?> r = scheduler.scheduleWithFixedDelay(ring::refresh, refresh, refresh, TimeUnit.MILLISECONDS);
    ScheduledFuture<?> f = scheduler.scheduleWithFixedDelay(flusher::flush, flush, flush, TimeUnit.MILLISECONDS);
    log.info("tenancy: {} keys loaded from {}", ring.size(), db);
    return new Tenancy(settings.master(), ring, new Limits(counters), admin, flusher, r, f, clock, store);
  }

  /**
   * What a presented credential is worth: the master key's principal, a virtual key's, or a
   * refusal. Never blocks; never logs the credential.
   */
  public Authentication authenticate(String presented, long nowMs) {
    Authentication a = ring.authenticate(presented, nowMs);
    // Only a credential that is no live virtual key can be the master key: a virtual key is
    // answered with one hash, the master key costs a second.
    if (master != null && a instanceof Authentication.Refused r
        && (r.reason() == AuthRefusal.UNKNOWN || r.reason() == AuthRefusal.WRONG_SECRET) && master.matches(presented)) {
      return MASTER_GRANTED;
    }
    return a;
  }

  private static final Authentication.Granted MASTER_GRANTED = new Authentication.Granted(Principal.MASTER);

  public KeyRing keyRing() {
    return ring;
  }

  public Limits limits() {
    return limits;
  }

  public TenancyAdmin admin() {
    return admin;
  }

  /** The master key, or null. */
  public MasterKey masterKey() {
    return master;
  }

  public Clock clock() {
    return clock;
  }

  /** Writes changed spend now (also done on the schedule and on close). */
  public int flushSpend() {
    return flusher.flush();
  }

  @Override
  public void close() {
    refreshTask.cancel(false);
    flushTask.cancel(false);
    flusher.flush();
    store.close();
  }
}
