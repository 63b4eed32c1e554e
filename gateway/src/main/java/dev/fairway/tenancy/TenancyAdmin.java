package dev.fairway.tenancy;

import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to keys and teams: each is validated, written with its audit row in one transaction,
 * then applied to the key ring at once. Blocking (JDBC): call it off the event loops. Errors are
 * {@link GatewayError}s naming the field at fault (400) or the missing key or team (404).
 */
public final class TenancyAdmin {
  private static final Logger log = LoggerFactory.getLogger(TenancyAdmin.class);
  private static final int ID_ATTEMPTS = 8;

  private final TenancyStore store;
  private final KeyRing ring;
  private final Counters counters;
  private final Clock clock;
  private final RandomGenerator random;

  TenancyAdmin(TenancyStore store, KeyRing ring, Counters counters, Clock clock, RandomGenerator random) {
    this.store = store;
    this.ring = ring;
    this.counters = counters;
    this.clock = clock;
    this.random = random;
  }

  // --- keys

  /** Creates a key; the result carries its full secret, which is never available again. */
  public IssuedKey createKey(KeyDraft draft, String actor) {
    Validation.key(draft);
    return ring.change(() -> store.database().inTransaction(c -> {
      long now = clock.millis();
      Team team = requireTeam(c, draft.teamId());
      String id = newKeyId(c);
      String secret = KeyFormat.newSecret(random);
      VirtualKey k = new VirtualKey(id, draft.name(), draft.teamId(), draft.policy(), draft.expiresAtMs(),
          draft.metadataJson(), false, now, now);
      StoredKey s = new StoredKey(k, KeyFormat.hashOfSecret(secret), null, null);
      store.insertKey(c, s);
      audit(c, now, actor, "create", "key", id, null, TenancyJson.key(k).toString());
      c.commit();
      knowTeam(team);
      ring.putKey(s);
      log.info("tenancy: {} created key {}{}", actor, id, k.teamId() == null ? "" : " in team " + k.teamId());
      return new IssuedKey(k, KeyFormat.format(id, secret), null);
    }));
  }

  /** Applies {@code change} to the key's settings (validated afterwards). */
  public VirtualKey updateKey(String id, UnaryOperator<KeyDraft> change, String actor) {
    return ring.change(() -> store.database().inTransaction(c -> {
      long now = clock.millis();
      StoredKey before = requireKey(c, id);
      KeyDraft d = change.apply(before.key().draft());
      Validation.key(d);
      Team team = requireTeam(c, d.teamId());
      StoredKey after = before.withKey(before.key().with(d, now));
      store.updateKey(c, after);
      audit(c, now, actor, "update", "key", id, TenancyJson.key(before.key()).toString(),
          TenancyJson.key(after.key()).toString());
      c.commit();
      knowTeam(team);
      ring.putKey(after);
      log.info("tenancy: {} updated key {}", actor, id);
      return after.key();
    }));
  }

  /** Blocks or unblocks a key: a blocked key is refused (401) at once on this instance, within a second elsewhere. */
  public VirtualKey setKeyBlocked(String id, boolean blocked, String actor) {
    return ring.change(() -> store.database().inTransaction(c -> {
      long now = clock.millis();
      StoredKey before = requireKey(c, id);
      StoredKey after = before.withKey(before.key().withBlocked(blocked, now));
      store.updateKey(c, after);
      audit(c, now, actor, blocked ? "block" : "unblock", "key", id, TenancyJson.key(before.key()).toString(),
          TenancyJson.key(after.key()).toString());
      c.commit();
      ring.putKey(after);
      log.info("tenancy: {} {} key {}", actor, blocked ? "blocked" : "unblocked", id);
      return after.key();
    }));
  }

  /**
   * Gives the key a new secret under the same id; the previous secret keeps working for {@code
   * grace} (zero: not at all), then is refused. A secret from before the previous one is refused
   * at once.
   */
  public IssuedKey rotateKey(String id, Duration grace, String actor) {
    long graceSeconds = grace.toSeconds();
    Validation.grace(graceSeconds);
    return ring.change(() -> store.database().inTransaction(c -> {
      long now = clock.millis();
      StoredKey before = requireKey(c, id);
      String secret = KeyFormat.newSecret(random);
      long until = now + grace.toMillis();
      VirtualKey k = before.key().touched(now);
      StoredKey after = new StoredKey(k, KeyFormat.hashOfSecret(secret), before.secretHash(), until);
      store.updateKey(c, after);
      String afterJson = TenancyJson.key(k).put("previous_secret_valid_until", TenancyJson.time(until)).toString();
      audit(c, now, actor, "rotate", "key", id, TenancyJson.key(before.key()).toString(), afterJson);
      c.commit();
      ring.putKey(after);
      log.info("tenancy: {} rotated key {} (previous secret valid for {} s)", actor, id, graceSeconds);
      return new IssuedKey(k, KeyFormat.format(id, secret), until);
    }));
  }

  /** Deletes a key and its stored spend; it is refused at once. Returns what was deleted. */
  public VirtualKey deleteKey(String id, String actor) {
    return ring.change(() -> store.database().inTransaction(c -> {
      long now = clock.millis();
      StoredKey before = requireKey(c, id);
      store.deleteKey(c, id);
      store.deleteSpend(c, new Scope.Id(ScopeKind.KEY, id));
      audit(c, now, actor, "delete", "key", id, TenancyJson.key(before.key()).toString(), null);
      c.commit();
      ring.removeKey(id);
      counters.forget(new Scope.Id(ScopeKind.KEY, id));
      log.info("tenancy: {} deleted key {}", actor, id);
      return before.key();
    }));
  }

  /** The key, from the database. */
  public VirtualKey key(String id) {
    return store.database().inTransaction(c -> requireKey(c, id).key());
  }

  /** Every key, or a team's, oldest first. */
  public List<VirtualKey> keys(String teamId) {
    return store.database().inTransaction(c -> store.keys(c, teamId).stream().map(StoredKey::key).toList());
  }

  // --- teams

  public Team createTeam(TeamDraft draft, String actor) {
    Validation.teamId(draft.id());
    Validation.team(draft);
    return ring.change(() -> store.database().inTransaction(c -> {
      long now = clock.millis();
      String id = draft.id() != null ? draft.id() : newTeamId(c);
      if (store.team(c, id) != null) {
        throw GatewayError.invalid("A team with id '" + id + "' already exists.", "id", Reason.INVALID_VALUE);
      }
      Team t = new Team(id, draft.name(), draft.policy(), draft.metadataJson(), false, now, now);
      store.insertTeam(c, t);
      audit(c, now, actor, "create", "team", id, null, TenancyJson.team(t).toString());
      c.commit();
      ring.putTeam(t);
      log.info("tenancy: {} created team {}", actor, id);
      return t;
    }));
  }

  public Team updateTeam(String id, UnaryOperator<TeamDraft> change, String actor) {
    return ring.change(() -> store.database().inTransaction(c -> {
      long now = clock.millis();
      Team before = requireTeamById(c, id);
      TeamDraft d = change.apply(before.draft());
      Validation.team(d);
      Team after = before.with(d, now);
      store.updateTeam(c, after);
      audit(c, now, actor, "update", "team", id, TenancyJson.team(before).toString(), TenancyJson.team(after).toString());
      c.commit();
      ring.putTeam(after);
      log.info("tenancy: {} updated team {}", actor, id);
      return after;
    }));
  }

  /** Blocks or unblocks a team: every key in a blocked team is refused. */
  public Team setTeamBlocked(String id, boolean blocked, String actor) {
    return ring.change(() -> store.database().inTransaction(c -> {
      long now = clock.millis();
      Team before = requireTeamById(c, id);
      Team after = before.withBlocked(blocked, now);
      store.updateTeam(c, after);
      audit(c, now, actor, blocked ? "block" : "unblock", "team", id, TenancyJson.team(before).toString(),
          TenancyJson.team(after).toString());
      c.commit();
      ring.putTeam(after);
      log.info("tenancy: {} {} team {}", actor, blocked ? "blocked" : "unblocked", id);
      return after;
    }));
  }

  /** Deletes a team that has no keys left (400 otherwise: delete or move them first). */
  public Team deleteTeam(String id, String actor) {
    return ring.change(() -> store.database().inTransaction(c -> {
      long now = clock.millis();
      Team before = requireTeamById(c, id);
      long keys = store.countKeysOfTeam(c, id);
      if (keys > 0) {
        throw GatewayError.invalid("Team '" + id + "' still has " + keys + (keys == 1 ? " key" : " keys")
            + "; delete them or move them to another team first.", "id", Reason.INVALID_VALUE);
      }
      store.deleteTeam(c, id);
      store.deleteSpend(c, new Scope.Id(ScopeKind.TEAM, id));
      audit(c, now, actor, "delete", "team", id, TenancyJson.team(before).toString(), null);
      c.commit();
      ring.removeTeam(id);
      counters.forget(new Scope.Id(ScopeKind.TEAM, id));
      log.info("tenancy: {} deleted team {}", actor, id);
      return before;
    }));
  }

  public Team team(String id) {
    return store.database().inTransaction(c -> requireTeamById(c, id));
  }

  public List<Team> teams() {
    return store.database().inTransaction(store::teams);
  }

  /** How many keys a team has. */
  public long keyCount(String teamId) {
    return store.database().inTransaction(c -> store.countKeysOfTeam(c, teamId));
  }

  // --- audit

  /** The newest {@code limit} admin changes, of one key or team ({@code targetId} non-null) or of all. */
  public List<AuditEntry> audit(String targetType, String targetId, int limit) {
    return store.auditTrail(targetType, targetId, limit);
  }

  // --- helpers

  private void audit(Connection c, long now, String actor, String action, String type, String id, String before,
      String after) throws SQLException {
    store.audit(c, new AuditEntry(now, Objects.requireNonNullElse(actor, "unknown"), action, type, id, before, after));
  }

  private StoredKey requireKey(Connection c, String id) throws SQLException {
    StoredKey s = KeyFormat.validId(id) ? store.key(c, id) : null;
    if (s == null) {
      throw GatewayError.notFound("No key with id '" + printable(id) + "'.", "id", Reason.KEY_NOT_FOUND);
    }
    return s;
  }

  private Team requireTeamById(Connection c, String id) throws SQLException {
    Team t = id == null ? null : store.team(c, id);
    if (t == null) {
      throw GatewayError.notFound("No team with id '" + printable(id) + "'.", "id", Reason.TEAM_NOT_FOUND);
    }
    return t;
  }

  /** The team a key names (null for none); a 400 naming {@code team} when it does not exist. */
  private Team requireTeam(Connection c, String teamId) throws SQLException {
    if (teamId == null) {
      return null;
    }
    Team t = store.team(c, teamId);
    if (t == null) {
      throw GatewayError.invalid("Invalid value for 'team': no team with id '" + printable(teamId) + "'.", "team",
          Reason.INVALID_VALUE);
    }
    return t;
  }

  /**
   * Puts a team read in this change into the ring when the ring has not seen it yet (made by
   * another instance since the last poll), so the key is not refused until the next poll.
   */
  private void knowTeam(Team t) {
    if (t != null && !t.equals(ring.team(t.id()))) {
      ring.putTeam(t);
    }
  }

  private String newKeyId(Connection c) throws SQLException {
    for (int i = 0; i < ID_ATTEMPTS; i++) {
      String id = KeyFormat.newId(random);
      if (!store.keyExists(c, id)) {
        return id;
      }
    }
    throw new IllegalStateException("could not find a free key id");
  }

  private String newTeamId(Connection c) throws SQLException {
    for (int i = 0; i < ID_ATTEMPTS; i++) {
      String id = "team-" + KeyFormat.newId(random).substring(0, 8);
      if (store.team(c, id) == null) {
        return id;
      }
    }
    throw new IllegalStateException("could not find a free team id");
  }

  /** An id as it may appear in an error: short, printable (it came from a URL). */
  private static String printable(String id) {
    if (id == null) {
      return "";
    }
    String s = id.length() > 64 ? id.substring(0, 64) + "..." : id;
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
