package dev.fairway.transparency;

import java.util.Collection;

/**
 * The hashes of the complete subtrees of one Merkle tree: node {@code (level, index)} covers leaves
 * {@code [index << level, (index + 1) << level)}; level 0 is the leaf hashes. Everything else in the
 * tree (roots of any size, proofs) is folded from these.
 */
interface Subtrees {

  /** The hash of complete subtree {@code (level, index)}, which must lie inside the tree. */
  byte[] subtree(int level, long index);

  /**
   * A hint that {@link #subtree} is about to be asked for each of {@code nodes}, so a store can
   * read them in one round trip instead of one each.
   */
  default void prefetch(Collection<Node> nodes) {}

  /** A complete subtree's coordinates. */
  record Node(int level, long index) {
    long firstLeaf() {
      return index << level;
    }
  }
}
