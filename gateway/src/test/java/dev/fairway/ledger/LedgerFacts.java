package dev.fairway.ledger;

import dev.fairway.config.StorageConfig;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the database holds after requests went through the gateway, read straight from the tables
 * over a plain JDBC connection (no pool, no migrations, no API in between), so a duplicate row or
 * a missing leaf cannot hide behind a query's paging or grouping.
 *
 * @param rowsPerRequest ledger rows per request id
 * @param costs each request's cost in USD as stored (the sum, should an id have several rows)
 * @param rolledUp requests counted in the daily rollup ({@code ledger_daily})
 * @param leaves decision ids of the transparency log's leaves, in log order
 */
record LedgerFacts(Map<String, Long> rowsPerRequest, Map<String, BigDecimal> costs, long rolledUp,
    List<String> leaves) {

  static LedgerFacts read(StorageConfig storage) throws SQLException {
    try (Connection c = connect(storage); Statement s = c.createStatement()) {
      Map<String, Long> rows = new TreeMap<>();
      Map<String, BigDecimal> costs = new TreeMap<>();
      // SQLite keeps whole picodollars (exact integer sums), PostgreSQL a NUMERIC
      String cost = storage.isPostgres() ? "sum(cost_usd)" : "sum(cost_pico_usd)";
      try (ResultSet rs = s.executeQuery("SELECT request_id, count(*), " + cost + " FROM ledger GROUP BY request_id")) {
        while (rs.next()) {
          rows.put(rs.getString(1), rs.getLong(2));
          BigDecimal usd = storage.isPostgres() ? rs.getBigDecimal(3) : BigDecimal.valueOf(rs.getLong(3), 12);
          costs.put(rs.getString(1), usd);
        }
      }
      long rolledUp;
      try (ResultSet rs = s.executeQuery("SELECT coalesce(sum(requests), 0) FROM ledger_daily")) {
        rs.next();
        rolledUp = rs.getLong(1);
      }
      List<String> leaves = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT decision_id FROM tlog_leaf ORDER BY idx")) {
        while (rs.next()) {
          leaves.add(rs.getString(1));
        }
      }
      return new LedgerFacts(rows, costs, rolledUp, leaves);
    }
  }

  static Connection connect(StorageConfig storage) throws SQLException {
    return storage.isPostgres()
        ? DriverManager.getConnection(storage.url(), storage.user(), "")
        : DriverManager.getConnection("jdbc:sqlite:" + storage.sqliteFile());
  }
}
