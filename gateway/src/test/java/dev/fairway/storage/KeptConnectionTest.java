package dev.fairway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.config.StorageConfig;
import dev.fairway.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeptConnectionTest {
  private static final String COUNT = "SELECT count(*) FROM fairway_secret";

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void preparesEachStatementOnceAndSeesOtherConnectionsCommits(TestDatabases.Kind kind) {
    try (TestDatabases.Handle h = TestDatabases.open(kind); Database db = Database.open(h.config());
         KeptConnection kept = db.keep()) {
      PreparedStatement first = kept.read(b -> b.prepare(COUNT));
      assertThat(count(kept)).isZero();
      insert(db, "a");
      assertThat(count(kept)).isEqualTo(1);
      PreparedStatement again = kept.read(b -> b.prepare(COUNT));
      assertThat(again).isSameAs(first);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void aTransactionThatThrowsIsRolledBackAndTheNextCallStartsClean(TestDatabases.Kind kind) {
    try (TestDatabases.Handle h = TestDatabases.open(kind); Database db = Database.open(h.config());
         KeptConnection kept = db.keep()) {
      assertThatThrownBy(() -> kept.inTransaction(b -> {
        insertOn(b.connection(), "rolled-back");
        throw new SQLException("boom");
      })).isInstanceOf(StorageException.class).hasMessageContaining("boom");
      kept.inTransaction(b -> {
        insertOn(b.connection(), "kept");
        return null;
      });
      String names = db.inTransaction(c -> {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT name FROM fairway_secret")) {
          rs.next();
          String only = rs.getString(1);
          return rs.next() ? "more than one row" : only;
        }
      });
      assertThat(names).isEqualTo("kept");
      assertThat(count(kept)).isEqualTo(1);
    }
  }

  /** A kept SQLite connection must not pin a read transaction, or the WAL could never be checkpointed. */
  @Test
  void betweenCallsItHoldsNoReadTransactionSoTheWalCanBeCheckpointed() throws SQLException {
    try (TestDatabases.Handle h = TestDatabases.sqlite(); Database db = Database.open(h.config());
         KeptConnection kept = db.keep()) {
      count(kept);
      insert(db, "a");
      count(kept);
      insert(db, "b");
      try (Connection c = db.connection(); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        rs.next();
        assertThat(rs.getInt(1)).as("busy").isZero();
      }
    }
  }

  @Test
  void aKeptConnectionLeavesAPoolOfOneItsConnection() {
    try (TestDatabases.Handle h = TestDatabases.sqlite()) {
      StorageConfig one = new StorageConfig(h.config().path(), null, null, null, 1);
      try (Database db = Database.open(one); KeptConnection kept = db.keep()) {
        count(kept); // holds its connection from here on
        insert(db, "the pool still has one");
        assertThat(count(kept)).isEqualTo(1);
      }
    }
  }

  @Test
  void afterCloseItRefusesWork() {
    try (TestDatabases.Handle h = TestDatabases.sqlite(); Database db = Database.open(h.config())) {
      KeptConnection kept = db.keep();
      count(kept);
      kept.close();
      assertThatThrownBy(() -> count(kept)).isInstanceOf(StorageException.class).hasMessageContaining("closed");
    }
  }

  private static long count(KeptConnection kept) {
    return kept.read(b -> {
      try (ResultSet rs = b.prepare(COUNT).executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  private static void insert(Database db, String name) {
    db.inTransaction(c -> {
      insertOn(c, name);
      return null;
    });
  }

  private static void insertOn(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO fairway_secret (name, value, created_ms) VALUES (?, ?, 1)")) {
      ps.setString(1, name);
      ps.setBytes(2, new byte[] {1});
      ps.executeUpdate();
    }
  }
}
