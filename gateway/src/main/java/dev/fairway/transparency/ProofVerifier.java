package dev.fairway.transparency;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies RFC 9162 inclusion proofs (§2.1.3.2) and consistency proofs (§2.1.4.2) exactly as the
 * RFC's algorithms state them. Deliberately independent of {@link Proofs}: it walks the bits of
 * the sizes, never the tree, so a bug in generation cannot hide behind the same bug here.
 */
public final class ProofVerifier {
  private ProofVerifier() {}

  /** True when {@code proof} shows the leaf hashed {@code leafHash} at {@code index} in the tree of {@code size} with root {@code root}. */
  public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
    byte[] r = rootFromInclusion(index, size, leafHash, proof);
    return r != null && isHash(root) && MessageDigest.isEqual(r, root);
  }

  /** The root an inclusion proof leads to, or null when the proof cannot be one for {@code index} in {@code size}. */
  public static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof) {
    if (index < 0 || index >= size || !isHash(leafHash) || !allHashes(proof)) {
      return null;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return null;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = Merkle.nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = Merkle.nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 ? r : null;
  }

  /**
   * True when {@code proof} shows the tree of {@code first} leaves with root {@code firstRoot} to be
   * a prefix of the tree of {@code second} leaves with root {@code secondRoot}. Equal sizes need an
   * empty proof and equal roots; the empty tree is a prefix of every tree.
   */
  public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
      List<byte[]> proof) {
    if (first < 0 || first > second || !isHash(firstRoot) || !isHash(secondRoot) || !allHashes(proof)) {
      return false;
    }
    if (first == second) {
      return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
    }
    if (first == 0) {
      return proof.isEmpty();
    }
    if (proof.isEmpty()) {
      return false;
    }
    int i = 0;
    byte[] start;
    if (Long.bitCount(first) == 1) {
      start = firstRoot; // the old tree is a complete subtree: the proof leaves it out
    } else {
      start = proof.get(i++);
    }
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = start;
    byte[] sr = start;
    for (; i < proof.size(); i++) {
      byte[] c = proof.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Merkle.nodeHash(c, fr);
        sr = Merkle.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = Merkle.nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
  }

  private static boolean isHash(byte[] h) {
    return h != null && h.length == Merkle.HASH_SIZE;
  }

  private static boolean allHashes(List<byte[]> proof) {
    if (proof == null) {
      return false;
    }
    for (byte[] p : proof) {
      if (!isHash(p)) {
        return false;
      }
    }
    return true;
  }
}
