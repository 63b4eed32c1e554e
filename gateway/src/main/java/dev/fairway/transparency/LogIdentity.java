package dev.fairway.transparency;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Who the log is: the database's instance id (V1's {@code fairway_instance}, the default origin's
 * tail) and the Ed25519 signing key (kept in {@code fairway_secret}). Both are made on first start;
 * instances racing to make them agree on whichever was stored first.
 */
final class LogIdentity {
  static final String KEY_NAME = "transparency.signing_key";

  private LogIdentity() {}

  /** The stored instance id, or null before first start. */
  static String storedInstanceId(Connection c) throws SQLException {
    return selectString(c, "SELECT instance_id FROM fairway_instance WHERE id = 1");
  }

  static String instanceId(Connection c, SecureRandom random, long nowMs) throws SQLException {
    String id = storedInstanceId(c);
    if (id != null) {
      return id;
    }
    byte[] b = new byte[16];
    random.nextBytes(b);
    try (PreparedStatement s = c.prepareStatement("INSERT INTO fairway_instance (id, instance_id, created_ms)"
        + " VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      b[6] = (byte) ((b[6] & 0x0f) | 0x40); // a version 4 (random) UUID
      b[8] = (byte) ((b[8] & 0x3f) | 0x80);
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
      s.setString(1, new UUID(bb.getLong(), bb.getLong()).toString());
      s.setLong(2, nowMs);
      s.executeUpdate();
    }
    return selectString(c, "SELECT instance_id FROM fairway_instance WHERE id = 1");
  }

  /** The key pair as {@code seed || public key}, generated and stored when there is none. */
  static byte[] signingKey(Connection c, SecureRandom random, long nowMs) throws SQLException {
    byte[] k = storedKey(c);
    if (k != null) {
      return k;
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO fairway_secret (name, value, created_ms)"
        + " VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
      s.setString(1, KEY_NAME);
      s.setBytes(2, Ed25519.generate(random));
      s.setLong(3, nowMs);
      s.executeUpdate();
    }
    return storedKey(c);
  }

  /** The raw public half of the stored key, or null before first start (for reading a database file). */
  static byte[] publicKey(Connection c) throws SQLException {
    byte[] k = storedKey(c);
    return k == null || k.length != 2 * Ed25519.KEY_SIZE ? null
        : java.util.Arrays.copyOfRange(k, Ed25519.KEY_SIZE, k.length);
  }

  private static byte[] storedKey(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT value FROM fairway_secret WHERE name = ?")) {
      s.setString(1, KEY_NAME);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  private static String selectString(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
