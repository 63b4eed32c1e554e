package dev.fairway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.catalog.Secret;
import dev.fairway.config.StorageConfig;
import dev.fairway.testing.TestDatabases;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DatabaseTest {

  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void opensMigratesAndReopensWithoutMigratingTwice(TestDatabases.Kind kind) throws SQLException {
    try (TestDatabases.Handle h = TestDatabases.open(kind)) {
      try (Database db = Database.open(h.config())) {
        assertThat(db.dialect().name()).isEqualTo(kind.name());
        db.inTransaction(c -> {
          var ps = c.prepareStatement("INSERT INTO fairway_secret (name, value, created_ms) VALUES ('x', ?, 1)");
          ps.setBytes(1, new byte[] {1});
          return ps.executeUpdate();
        });
      }
      try (Database db = Database.open(h.config()); Connection c = db.connection()) {
        assertThat(versions(c)).startsWith("1");
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM fairway_secret");
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void aTransactionThatThrowsIsRolledBack() {
    try (TestDatabases.Handle h = TestDatabases.sqlite(); Database db = Database.open(h.config())) {
      assertThatThrownBy(() -> db.inTransaction(c -> {
        c.createStatement().executeUpdate("INSERT INTO fairway_secret (name, value, created_ms) VALUES ('y', X'01', 1)");
        throw new IllegalStateException("boom");
      })).isInstanceOf(IllegalStateException.class);
      Long n = db.inTransaction(c -> {
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM fairway_secret");
        rs.next();
        return rs.getLong(1);
      });
      assertThat(n).isZero();
    }
  }

  @Test
  void createsTheSqliteDirectoryOnFirstStart() throws Exception {
    try (TestDatabases.Handle h = TestDatabases.sqlite()) {
      StorageConfig nested = StorageConfig.sqlite(h.config().path().resolve("a/b"));
      try (Database db = Database.open(nested)) {
        assertThat(Files.exists(nested.sqliteFile())).isTrue();
      }
    }
  }

  @Test
  void anUnreachableDatabaseIsAClearErrorWithoutThePassword() {
    StorageConfig cfg = StorageConfig.postgres("jdbc:postgresql://127.0.0.1:1/nothing", "u", new Secret("hunter2"));
    assertThatThrownBy(() -> Database.open(cfg))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot open PostgreSQL")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    assertThat(StorageConfig.postgres("postgresql://u:hunter2@h/db", null, null).toString()).doesNotContain("hunter2");
  }

  private static List<String> versions(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    ResultSet rs = c.createStatement().executeQuery(
        "SELECT version FROM fairway_schema_history WHERE success ORDER BY installed_rank");
    while (rs.next()) {
      out.add(rs.getString(1));
    }
    return out;
  }
}
