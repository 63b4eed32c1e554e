package dev.fairway.tenancy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every virtual key and team in memory, so that authenticating a request is a map lookup and one
 * SHA-256, never a database call. Changes made through this instance's admin API are applied at
 * once; changes made anywhere else (another instance, SQL by hand) are picked up by {@link
 * #refresh}, which the owner runs on a schedule and which reloads only when the database's change
 * counter has moved.
 *
 * <p>Design: readers see an immutable snapshot through one volatile read, so a key and its team
 * are always from the same moment. Writers (admin changes, reloads) hold one lock, so a reload
 * that read the database before an admin change cannot overwrite that change with older rows.
 */
public final class KeyRing {
  private static final Logger log = LoggerFactory.getLogger(KeyRing.class);

  private final TenancyStore store;
  private final ReentrantLock writers = new ReentrantLock();
  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());
  private long version = Long.MIN_VALUE;

  KeyRing(TenancyStore store) {
    this.store = store;
  }

  /** A key as authentication needs it; {@code granted} is null when its team is missing. */
  private record Entry(StoredKey stored, Authentication.Granted granted) {}

  private record Snapshot(Map<String, Entry> keys, Map<String, Team> teams) {}

  /**
   * What {@code presented} (the bearer token or x-api-key, as sent) is worth at {@code nowMs}: the
   * key's principal, or why not. O(1); never blocks; never logs the credential.
   */
  public Authentication authenticate(String presented, long nowMs) {
    if (presented == null || presented.isEmpty()) {
      return Authentication.Refused.of(AuthRefusal.MISSING);
    }
    if (!KeyFormat.wellFormed(presented)) {
      return Authentication.Refused.of(AuthRefusal.UNKNOWN);
    }
    Entry e = snapshot.keys().get(KeyFormat.id(presented));
    if (e == null) {
      return Authentication.Refused.of(AuthRefusal.UNKNOWN);
    }
    StoredKey s = e.stored();
    byte[] hash = KeyFormat.secretHash(presented);
    if (!KeyFormat.same(hash, s.secretHash())) {
      if (!KeyFormat.same(hash, s.previousHash())) {
        return Authentication.Refused.of(AuthRefusal.WRONG_SECRET);
      }
      if (s.previousUntilMs() == null || nowMs >= s.previousUntilMs()) {
        return Authentication.Refused.of(AuthRefusal.ROTATED_OUT);
      }
    }
    VirtualKey k = s.key();
    if (k.expiresAtMs() != null && nowMs >= k.expiresAtMs()) {
      return Authentication.Refused.of(AuthRefusal.EXPIRED);
    }
    if (k.blocked()) {
      return Authentication.Refused.of(AuthRefusal.BLOCKED);
    }
    if (e.granted() == null || e.granted().principal().team() != null && e.granted().principal().team().blocked()) {
      return Authentication.Refused.of(AuthRefusal.TEAM_BLOCKED);
    }
    return e.granted();
  }

  /** The key with this public id, or null. */
  public VirtualKey key(String id) {
    Entry e = snapshot.keys().get(id);
    return e == null ? null : e.stored().key();
  }

  /** The team with this id, or null. */
  public Team team(String id) {
    return snapshot.teams().get(id);
  }

  /** How many keys are loaded. */
  public int size() {
    return snapshot.keys().size();
  }

  /**
   * Reloads every key and team when the database's change counter differs from the one last
   * loaded; a failure is logged and leaves the current snapshot serving.
   *
   * @return true when it reloaded
   */
  public boolean refresh() {
    writers.lock();
    try {
      long v = store.version();
      if (v == version) {
        return false;
      }
      load(store.loadAll());
      return true;
    } catch (RuntimeException e) {
      log.warn("tenancy: could not refresh the key cache, serving the last one: {}", e.getMessage());
      return false;
    } finally {
      writers.unlock();
    }
  }

  /** Loads everything now; a failure propagates (used at start, when there is nothing to serve yet). */
  void loadNow() {
    writers.lock();
    try {
      load(store.loadAll());
    } finally {
      writers.unlock();
    }
  }

  private void load(TenancyStore.Contents c) {
    Map<String, Team> teams = new HashMap<>();
    for (Team t : c.teams()) {
      teams.put(t.id(), t);
    }
    Map<String, Entry> keys = new HashMap<>();
    for (StoredKey k : c.keys()) {
      keys.put(k.key().id(), entry(k, teams));
    }
    snapshot = new Snapshot(Map.copyOf(keys), Map.copyOf(teams));
    version = c.version();
  }

  private static Entry entry(StoredKey k, Map<String, Team> teams) {
    String teamId = k.key().teamId();
    Team team = teamId == null ? null : teams.get(teamId);
    boolean orphan = teamId != null && team == null;
    return new Entry(k, orphan ? null : new Authentication.Granted(new Principal(k.key(), team)));
  }

  /** Runs an admin change (its database transaction and the matching ring update) under the writers' lock. */
  <T> T change(Supplier<T> work) {
    writers.lock();
    try {
      return work.get();
    } finally {
      writers.unlock();
    }
  }

  /** Adds or replaces a key; the caller holds the writers' lock (see {@link #change}). */
  void putKey(StoredKey k) {
    Snapshot s = snapshot;
    Map<String, Entry> keys = new HashMap<>(s.keys());
    keys.put(k.key().id(), entry(k, s.teams()));
    snapshot = new Snapshot(Map.copyOf(keys), s.teams());
  }

  void removeKey(String id) {
    Snapshot s = snapshot;
    Map<String, Entry> keys = new HashMap<>(s.keys());
    keys.remove(id);
    snapshot = new Snapshot(Map.copyOf(keys), s.teams());
  }

  /** Adds or replaces a team, and rebuilds the principals of its keys. */
  void putTeam(Team t) {
    Snapshot s = snapshot;
    Map<String, Team> teams = new HashMap<>(s.teams());
    teams.put(t.id(), t);
    Map<String, Entry> keys = new HashMap<>(s.keys());
    for (Entry e : s.keys().values()) {
      if (t.id().equals(e.stored().key().teamId())) {
        keys.put(e.stored().key().id(), entry(e.stored(), teams));
      }
    }
    snapshot = new Snapshot(Map.copyOf(keys), Map.copyOf(teams));
  }

  void removeTeam(String id) {
    Snapshot s = snapshot;
    Map<String, Team> teams = new HashMap<>(s.teams());
    teams.remove(id);
    snapshot = new Snapshot(s.keys(), Map.copyOf(teams));
  }

  /** The keys of one team (or all, for null), from memory. */
  List<VirtualKey> keys(String teamId) {
    return snapshot.keys().values().stream().map(e -> e.stored().key())
        .filter(k -> teamId == null || teamId.equals(k.teamId())).toList();
  }
}
