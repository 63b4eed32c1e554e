package dev.fairway.transparency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Merkle tree in memory, grown one leaf at a time: the kept levels of {@link Strata} in flat byte
 * arrays (about 34 bytes a leaf). The audit rebuilds the log in one; tests use it as a reference.
 */
final class MemoryTree implements Subtrees {
  private final Frontier frontier = Frontier.empty();
  private final List<Level> levels = new ArrayList<>(); // levels.get(i): tree level i * STRIDE

  long size() {
    return frontier.size();
  }

  void append(byte[] leafHash) {
    level(0).add(leafHash);
    frontier.append(leafHash, (level, index, hash) -> {
      if (Strata.kept(level)) {
        level(level / Strata.STRIDE).add(hash);
      }
    });
  }

  /** {@code MTH(D[size])} of the whole tree so far. */
  byte[] root() {
    return frontier.root();
  }

  @Override
  public byte[] subtree(int level, long index) {
    if (((index + 1) << level) > size() || index < 0) {
      throw new IllegalArgumentException("subtree (" + level + ", " + index + ") is not in a tree of " + size());
    }
    return Strata.subtree(level, index, (l, i) -> levels.get(l / Strata.STRIDE).get(i));
  }

  private Level level(int i) {
    while (levels.size() <= i) {
      levels.add(new Level());
    }
    return levels.get(i);
  }

  /** One kept level's hashes, back to back. */
  private static final class Level {
    private byte[] bytes = new byte[64 * Merkle.HASH_SIZE];
    private long count;

    void add(byte[] hash) {
      long end = (count + 1) * Merkle.HASH_SIZE;
      if (end > bytes.length) {
        if (end > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("too many leaves for one in-memory tree");
        }
        bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(end, 2L * bytes.length)));
      }
      System.arraycopy(hash, 0, bytes, (int) (count * Merkle.HASH_SIZE), Merkle.HASH_SIZE);
      count++;
    }

    byte[] get(long index) {
      int at = (int) (index * Merkle.HASH_SIZE);
      return Arrays.copyOfRange(bytes, at, at + Merkle.HASH_SIZE);
    }
  }
}
