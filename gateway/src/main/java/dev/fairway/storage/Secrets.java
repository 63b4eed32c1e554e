package dev.fairway.storage;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * The gateway's own secrets in {@code fairway_secret} (the prompt-digest key...): made once, on
 * first start, and shared by every instance on the same database (the first to insert wins).
 */
public final class Secrets {
  private Secrets() {}

  /** The secret called {@code name}, or {@code length} new random bytes stored under it. */
  public static byte[] getOrCreate(Database db, String name, int length, SecureRandom random, long nowMs) {
    return db.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO fairway_secret (name, value, created_ms)"
          + " VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
        byte[] fresh = new byte[length];
        random.nextBytes(fresh);
        s.setString(1, name);
        s.setBytes(2, fresh);
        s.setLong(3, nowMs);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("SELECT value FROM fairway_secret WHERE name = ?")) {
        s.setString(1, name);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getBytes(1);
        }
      }
    });
  }
}
