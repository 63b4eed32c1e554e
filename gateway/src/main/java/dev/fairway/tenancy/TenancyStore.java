package dev.fairway.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairway.storage.Database;
import dev.fairway.storage.KeptConnection;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Teams, keys, spend and the admin audit in the gateway's database (V2 migration), one JDBC code
 * path for SQLite and PostgreSQL. Called from admin handlers and background tasks only, never
 * from the request path.
 */
final class TenancyStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private static final String POLICY_COLUMNS = "models, max_budget_usd, budget_period, rpm, tpm, max_parallel";
  private static final String KEY_COLUMNS = "id, name, team_id, " + POLICY_COLUMNS
      + ", expires_ms, metadata, blocked, secret_sha256, previous_sha256, previous_until_ms, created_ms, updated_ms";
  private static final String TEAM_COLUMNS = "id, name, " + POLICY_COLUMNS + ", metadata, blocked, created_ms, updated_ms";

  private static final String VERSION = "SELECT version FROM tenancy_change WHERE id = 1";

  private final Database db;
  private final boolean sqlite;
  /** The background tasks' connection: the change check twice a second, the spend flush once. */
  private final KeptConnection background;

  TenancyStore(Database db) {
    this.db = db;
    this.sqlite = db.dialect() == Database.Dialect.SQLITE;
    this.background = db.keep();
  }

  /** Gives the background connection back (the store's other calls use the pool). */
  void close() {
    background.close();
  }

  Database database() {
    return db;
  }

  /** Everything the key ring needs, and the change counter it was read at (read first). */
  record Contents(long version, List<Team> teams, List<StoredKey> keys) {}

  Contents loadAll() {
    return db.inTransaction(c -> new Contents(version(c), teams(c), keys(c, null)));
  }

  /** The change counter, on the background connection (a statement prepared once). */
  long version() {
    return background.read(b -> {
      try (ResultSet rs = b.prepare(VERSION).executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    });
  }

  long version(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(VERSION); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  // --- keys

  List<StoredKey> keys(Connection c, String teamId) throws SQLException {
    String sql = "SELECT " + KEY_COLUMNS + " FROM tenancy_key" + (teamId == null ? "" : " WHERE team_id = ?")
        + " ORDER BY created_ms, id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (teamId != null) {
        ps.setString(1, teamId);
      }
      List<StoredKey> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(key(rs));
        }
      }
      return out;
    }
  }

  StoredKey key(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + KEY_COLUMNS + " FROM tenancy_key WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? key(rs) : null;
      }
    }
  }

  boolean keyExists(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tenancy_key WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  long countKeysOfTeam(Connection c, String teamId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tenancy_key WHERE team_id = ?")) {
      ps.setString(1, teamId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  void insertKey(Connection c, StoredKey s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenancy_key (" + KEY_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      VirtualKey k = s.key();
      ps.setString(1, k.id());
      bindKey(ps, 2, s);
      ps.executeUpdate();
    }
  }

  void updateKey(Connection c, StoredKey s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE tenancy_key SET name = ?, team_id = ?, models = ?,"
        + " max_budget_usd = ?, budget_period = ?, rpm = ?, tpm = ?, max_parallel = ?, expires_ms = ?, metadata = ?,"
        + " blocked = ?, secret_sha256 = ?, previous_sha256 = ?, previous_until_ms = ?, created_ms = ?,"
        + " updated_ms = ? WHERE id = ?")) {
      int next = bindKey(ps, 1, s);
      ps.setString(next, s.key().id());
      ps.executeUpdate();
    }
  }

  private int bindKey(PreparedStatement ps, int i, StoredKey s) throws SQLException {
    VirtualKey k = s.key();
    ps.setString(i++, k.name());
    ps.setString(i++, k.teamId());
    i = bindPolicy(ps, i, k.policy());
    setLong(ps, i++, k.expiresAtMs());
    ps.setString(i++, k.metadataJson());
    ps.setBoolean(i++, k.blocked());
    ps.setBytes(i++, s.secretHash());
    ps.setBytes(i++, s.previousHash());
    setLong(ps, i++, s.previousUntilMs());
    ps.setLong(i++, k.createdMs());
    ps.setLong(i++, k.updatedMs());
    return i;
  }

  boolean deleteKey(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM tenancy_key WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  private StoredKey key(ResultSet rs) throws SQLException {
    VirtualKey k = new VirtualKey(rs.getString("id"), rs.getString("name"), rs.getString("team_id"), policy(rs),
        getLong(rs, "expires_ms"), rs.getString("metadata"), rs.getBoolean("blocked"), rs.getLong("created_ms"),
        rs.getLong("updated_ms"));
    return new StoredKey(k, rs.getBytes("secret_sha256"), rs.getBytes("previous_sha256"),
        getLong(rs, "previous_until_ms"));
  }

  // --- teams

  List<Team> teams(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + TEAM_COLUMNS + " FROM tenancy_team ORDER BY created_ms, id");
         ResultSet rs = ps.executeQuery()) {
      List<Team> out = new ArrayList<>();
      while (rs.next()) {
        out.add(team(rs));
      }
      return out;
    }
  }

  Team team(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + TEAM_COLUMNS + " FROM tenancy_team WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? team(rs) : null;
      }
    }
  }

  void insertTeam(Connection c, Team t) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenancy_team (" + TEAM_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, t.id());
      bindTeam(ps, 2, t);
      ps.executeUpdate();
    }
  }

  void updateTeam(Connection c, Team t) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE tenancy_team SET name = ?, models = ?, max_budget_usd = ?,"
        + " budget_period = ?, rpm = ?, tpm = ?, max_parallel = ?, metadata = ?, blocked = ?, created_ms = ?,"
        + " updated_ms = ? WHERE id = ?")) {
      int next = bindTeam(ps, 1, t);
      ps.setString(next, t.id());
      ps.executeUpdate();
    }
  }

  private int bindTeam(PreparedStatement ps, int i, Team t) throws SQLException {
    ps.setString(i++, t.name());
    i = bindPolicy(ps, i, t.policy());
    ps.setString(i++, t.metadataJson());
    ps.setBoolean(i++, t.blocked());
    ps.setLong(i++, t.createdMs());
    ps.setLong(i++, t.updatedMs());
    return i;
  }

  boolean deleteTeam(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM tenancy_team WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  private Team team(ResultSet rs) throws SQLException {
    return new Team(rs.getString("id"), rs.getString("name"), policy(rs), rs.getString("metadata"),
        rs.getBoolean("blocked"), rs.getLong("created_ms"), rs.getLong("updated_ms"));
  }

  // --- policy columns

  private int bindPolicy(PreparedStatement ps, int i, Policy p) throws SQLException {
    ps.setString(i++, json(p.models()));
    setMoney(ps, i++, p.maxBudgetUsd());
    ps.setString(i++, p.budgetPeriod().wire());
    setInt(ps, i++, p.rpm());
    setLong(ps, i++, p.tpm());
    setInt(ps, i++, p.maxParallel());
    return i;
  }

  private static Policy policy(ResultSet rs) throws SQLException {
    List<String> models;
    try {
      models = JSON.readValue(rs.getString("models"), STRINGS);
    } catch (JsonProcessingException e) {
      throw new SQLException("tenancy: unreadable models column", e);
    }
    BudgetPeriod period = BudgetPeriod.parse(rs.getString("budget_period"));
    if (period == null) {
      throw new SQLException("tenancy: unknown budget_period '" + rs.getString("budget_period") + "'");
    }
    Long tpm = getLong(rs, "tpm");
    Long rpm = getLong(rs, "rpm");
    Long par = getLong(rs, "max_parallel");
    return new Policy(models, money(rs, "max_budget_usd"), period, rpm == null ? null : rpm.intValue(), tpm,
        par == null ? null : par.intValue());
  }

  // --- spend

  /** The latest stored period of every scope. */
  List<SpendRecord> loadSpend() {
    return db.inTransaction(c -> {
      List<SpendRecord> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT s.scope, s.scope_id, s.period_start_ms, s.spend_usd"
          + " FROM tenancy_spend s WHERE s.period_start_ms = (SELECT max(m.period_start_ms) FROM tenancy_spend m"
          + " WHERE m.scope = s.scope AND m.scope_id = s.scope_id)");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ScopeKind kind = ScopeKind.parse(rs.getString(1));
          if (kind != null) {
            out.add(new SpendRecord(new Scope.Id(kind, rs.getString(2)), rs.getLong(3), money(rs, "spend_usd")));
          }
        }
      }
      return out;
    });
  }

  /**
   * Adds each increment to its stored total, in one transaction: PostgreSQL adds exact NUMERICs
   * itself; SQLite, which has no decimal type, reads the total and writes the exact sum (writers
   * are serialised, and a conflicting commit fails the batch, which is offered again).
   */
  void addSpend(Collection<SpendRecord> increments, long nowMs) {
    if (increments.isEmpty()) {
      return;
    }
    background.inTransaction(b -> {
      PreparedStatement read = sqlite ? b.prepare(READ_SPEND) : null;
      PreparedStatement ps = b.prepare(sqlite ? UPSERT_SPEND_SQLITE : UPSERT_SPEND_POSTGRES);
      for (SpendRecord r : increments) {
        BigDecimal value = r.spendUsd();
        if (read != null) {
          read.setString(1, r.scope().kind().wire());
          read.setString(2, r.scope().id());
          read.setLong(3, r.periodStartMs());
          try (ResultSet rs = read.executeQuery()) {
            if (rs.next()) {
              value = value.add(new BigDecimal(rs.getString(1)));
            }
          }
        }
        ps.setString(1, r.scope().kind().wire());
        ps.setString(2, r.scope().id());
        ps.setLong(3, r.periodStartMs());
        setMoney(ps, 4, value);
        ps.setLong(5, nowMs);
        ps.executeUpdate();
      }
      return null;
    });
  }

  private static final String READ_SPEND =
      "SELECT spend_usd FROM tenancy_spend WHERE scope = ? AND scope_id = ? AND period_start_ms = ?";
  private static final String UPSERT_SPEND = "INSERT INTO tenancy_spend (scope, scope_id, period_start_ms,"
      + " spend_usd, updated_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, scope_id, period_start_ms) DO UPDATE SET"
      + " updated_ms = excluded.updated_ms, spend_usd = ";
  private static final String UPSERT_SPEND_SQLITE = UPSERT_SPEND + "excluded.spend_usd";
  private static final String UPSERT_SPEND_POSTGRES = UPSERT_SPEND + "tenancy_spend.spend_usd + excluded.spend_usd";

  void deleteSpend(Connection c, Scope.Id scope) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM tenancy_spend WHERE scope = ? AND scope_id = ?")) {
      ps.setString(1, scope.kind().wire());
      ps.setString(2, scope.id());
      ps.executeUpdate();
    }
  }

  // --- audit

  void audit(Connection c, AuditEntry e) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenancy_audit (at_ms, actor, action, target_type,"
        + " target_id, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, e.atMs());
      ps.setString(2, e.actor());
      ps.setString(3, e.action());
      ps.setString(4, e.targetType());
      ps.setString(5, e.targetId());
      ps.setString(6, e.beforeJson());
      ps.setString(7, e.afterJson());
      ps.executeUpdate();
    }
  }

  /** The newest {@code limit} audit entries, optionally of one target, newest first. */
  List<AuditEntry> auditTrail(String targetType, String targetId, int limit) {
    return db.inTransaction(c -> {
      String sql = "SELECT at_ms, actor, action, target_type, target_id, before_json, after_json FROM tenancy_audit"
          + (targetId == null ? "" : " WHERE target_type = ? AND target_id = ?") + " ORDER BY id DESC LIMIT ?";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        if (targetId != null) {
          ps.setString(i++, targetType);
          ps.setString(i++, targetId);
        }
        ps.setInt(i, limit);
        List<AuditEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7)));
          }
        }
        return out;
      }
    });
  }

  // --- column helpers: money is NUMERIC in PostgreSQL and exact text in SQLite

  private void setMoney(PreparedStatement ps, int i, BigDecimal v) throws SQLException {
    if (v == null) {
      ps.setNull(i, sqlite ? Types.VARCHAR : Types.NUMERIC);
    } else if (sqlite) {
      ps.setString(i, v.toPlainString());
    } else {
      ps.setBigDecimal(i, v);
    }
  }

  private static BigDecimal money(ResultSet rs, String column) throws SQLException {
    String s = rs.getString(column);
    return s == null ? null : new BigDecimal(s);
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, v);
    }
  }

  private static Long getLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
