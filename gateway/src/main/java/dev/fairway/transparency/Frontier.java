package dev.fairway.transparency;

import java.util.Arrays;

/**
 * The right edge of a growing tree: the hash of one complete subtree per set bit of its size,
 * largest (leftmost) first. That is all an append needs (a leaf merges with the subtrees it
 * completes, like a carry in binary addition) and all a root needs (fold them from the right), so
 * the log keeps it in its state row and never reads the tree to grow it.
 */
final class Frontier {
  /** Told of every complete subtree an append creates, level 1 and up. */
  @FunctionalInterface
  interface Completed {
    void node(int level, long index, byte[] hash);
  }

  private long size;
  private byte[][] hashes; // hashes[i]: the subtree of the i-th set bit of size, from the top

  private Frontier(long size, byte[][] hashes) {
    this.size = size;
    this.hashes = hashes;
  }

  static Frontier empty() {
    return new Frontier(0, new byte[0][]);
  }

  /** The frontier stored as its hashes concatenated ({@link #encode}) for a tree of {@code size}. */
  static Frontier decode(long size, byte[] encoded) {
    int n = Long.bitCount(size);
    if (size < 0 || encoded.length != n * Merkle.HASH_SIZE) {
      throw new IllegalStateException("the log's state is corrupt: a tree of " + size + " leaves needs "
          + n + " frontier hashes, found " + encoded.length + " bytes");
    }
    byte[][] hashes = new byte[n][];
    for (int i = 0; i < n; i++) {
      hashes[i] = Arrays.copyOfRange(encoded, i * Merkle.HASH_SIZE, (i + 1) * Merkle.HASH_SIZE);
    }
    return new Frontier(size, hashes);
  }

  byte[] encode() {
    byte[] out = new byte[hashes.length * Merkle.HASH_SIZE];
    for (int i = 0; i < hashes.length; i++) {
      System.arraycopy(hashes[i], 0, out, i * Merkle.HASH_SIZE, Merkle.HASH_SIZE);
    }
    return out;
  }

  long size() {
    return size;
  }

  /** Appends the leaf hashed {@code leafHash}, telling {@code completed} of every subtree it closes. */
  void append(byte[] leafHash, Completed completed) {
    int carries = Long.numberOfTrailingZeros(~size); // subtrees the new leaf completes
    byte[] h = leafHash;
    long index = size;
    int keep = hashes.length - carries;
    for (int level = 1; level <= carries; level++) {
      h = Merkle.nodeHash(hashes[hashes.length - level], h);
      index >>= 1;
      completed.node(level, index, h);
    }
    byte[][] next = Arrays.copyOf(hashes, keep + 1);
    next[keep] = h;
    hashes = next;
    size++;
  }

  /** {@code MTH(D[size])}. */
  byte[] root() {
    if (hashes.length == 0) {
      return Merkle.emptyRoot();
    }
    byte[] r = hashes[hashes.length - 1];
    for (int i = hashes.length - 2; i >= 0; i--) {
      r = Merkle.nodeHash(hashes[i], r);
    }
    return r;
  }

  Frontier copy() {
    return new Frontier(size, hashes.clone());
  }
}
