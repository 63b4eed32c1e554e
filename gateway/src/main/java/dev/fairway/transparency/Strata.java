package dev.fairway.transparency;

/**
 * Which levels of the tree are kept: the leaf hashes (level 0) and every level that is a multiple
 * of {@link #STRIDE}. One stored node per 2^STRIDE below keeps the interior to about 1/15 of the
 * leaf count, while any subtree is still at most 2^(STRIDE-1) stored hashes away: an inclusion proof
 * in ten million leaves reads about a hundred hashes, in one round trip.
 */
final class Strata {
  private Strata() {}

  static final int STRIDE = 4;

  /** Reads one hash of a kept level. */
  @FunctionalInterface
  interface Kept {
    byte[] hash(int level, long index);
  }

  static boolean kept(int level) {
    return level % STRIDE == 0;
  }

  /** The kept level a subtree of {@code level} is folded from. */
  static int base(int level) {
    return level - level % STRIDE;
  }

  /** The hash of subtree {@code (level, index)}, folded from the kept level at or below it. */
  static byte[] subtree(int level, long index, Kept kept) {
    if (kept(level)) {
      return kept.hash(level, index);
    }
    return Merkle.nodeHash(subtree(level - 1, 2 * index, kept), subtree(level - 1, 2 * index + 1, kept));
  }
}
