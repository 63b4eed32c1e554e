package dev.fairway.ledger;

import dev.fairway.storage.Database;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How each dialect stores an exact cost: PostgreSQL as {@code NUMERIC} USD ({@code cost_usd}),
 * SQLite as an INTEGER count of 10<sup>-12</sup> USD ({@code cost_pico_usd}), since SQLite has no
 * exact decimal type. Either way sums are exact.
 */
enum Costs {
  NUMERIC("cost_usd") {
    @Override
    void set(PreparedStatement ps, int i, BigDecimal usd) throws SQLException {
      ps.setBigDecimal(i, usd);
    }

    @Override
    BigDecimal get(ResultSet rs, int i) throws SQLException {
      BigDecimal v = rs.getBigDecimal(i);
      return v == null ? BigDecimal.ZERO : v;
    }
  },
  PICO("cost_pico_usd") {
    @Override
    void set(PreparedStatement ps, int i, BigDecimal usd) throws SQLException {
      ps.setLong(i, usd.setScale(LedgerRow.COST_SCALE).unscaledValue().longValueExact());
    }

    @Override
    BigDecimal get(ResultSet rs, int i) throws SQLException {
      return BigDecimal.valueOf(rs.getLong(i), LedgerRow.COST_SCALE);
    }
  };

  private final String column;

  Costs(String column) {
    this.column = column;
  }

  static Costs of(Database.Dialect d) {
    return d == Database.Dialect.POSTGRESQL ? NUMERIC : PICO;
  }

  String column() {
    return column;
  }

  abstract void set(PreparedStatement ps, int i, BigDecimal usd) throws SQLException;

  abstract BigDecimal get(ResultSet rs, int i) throws SQLException;

  /** A cost as plain decimal text ({@code 0.000123}, {@code 0}), never in exponent notation. */
  static String format(BigDecimal usd) {
    BigDecimal s = usd.stripTrailingZeros();
    return s.signum() == 0 ? "0" : s.toPlainString();
  }
}
