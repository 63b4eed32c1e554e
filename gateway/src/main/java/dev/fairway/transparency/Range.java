package dev.fairway.transparency;

import java.util.ArrayList;
import java.util.List;

/**
 * The leaves {@code [from, to)} of a tree, as RFC 9162's recursive definitions cut them: {@code from}
 * is always a multiple of the smallest power of two not below the range's size. Such a range is
 * covered by one complete subtree per set bit of its size, largest first, and its hash
 * {@code MTH(D[from:to])} is those subtrees folded from the right.
 */
record Range(long from, long to) {
  Range {
    if (from < 0 || to <= from) {
      throw new IllegalArgumentException("empty or negative range [" + from + ", " + to + ")");
    }
  }

  /** The complete subtrees covering this range, left to right (largest first). */
  List<Subtrees.Node> nodes() {
    List<Subtrees.Node> out = new ArrayList<>(Long.bitCount(to - from));
    long a = from;
    while (a < to) {
      long size = Long.highestOneBit(to - a);
      if (a % size != 0) {
        throw new IllegalArgumentException("[" + from + ", " + to + ") is not a range of RFC 9162's tree");
      }
      out.add(new Subtrees.Node(Long.numberOfTrailingZeros(size), a / size));
      a += size;
    }
    return out;
  }

  /** {@code MTH(D[from:to])} read from {@code tree}. */
  byte[] hash(Subtrees tree) {
    List<Subtrees.Node> nodes = nodes();
    Subtrees.Node last = nodes.get(nodes.size() - 1);
    byte[] h = tree.subtree(last.level(), last.index());
    for (int i = nodes.size() - 2; i >= 0; i--) {
      Subtrees.Node n = nodes.get(i);
      h = Merkle.nodeHash(tree.subtree(n.level(), n.index()), h);
    }
    return h;
  }
}
