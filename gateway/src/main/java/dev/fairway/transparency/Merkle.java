package dev.fairway.transparency;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The hashing of RFC 9162's Merkle tree (§2.1.1): a leaf is {@code SHA-256(0x00 || bytes)}, an
 * interior node {@code SHA-256(0x01 || left || right)}, the empty tree {@code SHA-256()}. The
 * prefixes keep a leaf from ever passing for a node (second-preimage attacks).
 */
public final class Merkle {
  private Merkle() {}

  /** Bytes in every hash of the tree. */
  public static final int HASH_SIZE = 32;

  /** Cloned per use: {@code MessageDigest.getInstance} costs a provider lookup, a clone does not. */
  private static final MessageDigest SHA256 = newSha256();
  private static final byte[] EMPTY = sha256().digest();

  /** The root hash of the tree with no leaves. */
  public static byte[] emptyRoot() {
    return EMPTY.clone();
  }

  /** The RFC 9162 leaf hash of {@code entry}. */
  public static byte[] leafHash(byte[] entry) {
    MessageDigest d = sha256();
    d.update((byte) 0x00);
    d.update(entry);
    return d.digest();
  }

  /** The RFC 9162 hash of an interior node with children {@code left} and {@code right}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest d = sha256();
    d.update((byte) 0x01);
    d.update(left);
    d.update(right);
    return d.digest();
  }

  /** The largest power of two strictly below {@code n} (n > 1): where RFC 9162 splits a tree of n leaves. */
  static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  static String b64(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }

  static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
