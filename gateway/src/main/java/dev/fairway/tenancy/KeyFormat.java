package dev.fairway.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.random.RandomGenerator;

/**
 * The shape of a virtual key, {@code sk-fw-<id>-<secret>}: a 12-character public id of lowercase
 * letters and digits (unique, shown everywhere, about 62 bits), and a 43-character base62 secret
 * (256 bits from a {@code SecureRandom}), of which only the SHA-256 is ever stored.
 *
 * <p>Design: the secret carries full entropy, so a plain SHA-256 is as strong as a slow password
 * hash against guessing while costing well under a microsecond per request. Checking the shape
 * first (fixed lengths, fixed alphabets) keeps a malformed credential from reaching a lookup or
 * a hash, and the id's fixed position means parsing needs no split and no copy of the secret.
 */
final class KeyFormat {
  private KeyFormat() {}

  static final String PREFIX = "sk-fw-";
  static final int ID_LENGTH = 12;
  static final int SECRET_LENGTH = 43;
  static final int LENGTH = PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH;
  private static final int SECRET_OFFSET = PREFIX.length() + ID_LENGTH + 1;

  private static final String ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
  private static final String SECRET_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** A digest and a scratch buffer per thread (event loops, workers): no allocation but the hash itself. */
  private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

  static String newId(RandomGenerator random) {
    return randomString(random, ID_ALPHABET, ID_LENGTH);
  }

  static String newSecret(RandomGenerator random) {
    return randomString(random, SECRET_ALPHABET, SECRET_LENGTH);
  }

  static String format(String id, String secret) {
    return PREFIX + id + "-" + secret;
  }

  private static String randomString(RandomGenerator random, String alphabet, int n) {
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      out[i] = alphabet.charAt(random.nextInt(alphabet.length())); // unbiased: nextInt rejects
    }
    return new String(out);
  }

  /** True when {@code s} has the exact shape of a virtual key (it may still be unknown). */
  static boolean wellFormed(String s) {
    if (s.length() != LENGTH || !s.startsWith(PREFIX) || s.charAt(SECRET_OFFSET - 1) != '-') {
      return false;
    }
    for (int i = PREFIX.length(); i < SECRET_OFFSET - 1; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    for (int i = SECRET_OFFSET; i < LENGTH; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return true;
  }

  static boolean validId(String s) {
    if (s == null || s.length() != ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }

  /** The public id of a {@link #wellFormed} key. */
  static String id(String key) {
    return key.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
  }

  /** SHA-256 of the secret part of a {@link #wellFormed} key. */
  static byte[] secretHash(String key) {
    return HASHER.get().hash(key, SECRET_OFFSET);
  }

  /** SHA-256 of a bare secret. */
  static byte[] hashOfSecret(String secret) {
    return sha256(secret.getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] sha256(byte[] in) {
    return digest().digest(in);
  }

  /** Constant-time comparison: the time taken says nothing about where two hashes differ. */
  static boolean same(byte[] a, byte[] b) {
    return b != null && MessageDigest.isEqual(a, b);
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static final class Hasher {
    final MessageDigest digest = digest();
    final byte[] buffer = new byte[SECRET_LENGTH];

    byte[] hash(String key, int from) {
      for (int i = 0; i < SECRET_LENGTH; i++) {
        buffer[i] = (byte) key.charAt(from + i); // ASCII: checked by wellFormed
      }
      digest.update(buffer, 0, SECRET_LENGTH);
      return digest.digest();
    }
  }
}
