package dev.fairway.transparency;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Generates RFC 9162 tree heads, inclusion proofs (§2.1.3.1) and consistency proofs (§2.1.4.1)
 * from a tree's complete subtrees. Each proof is first planned as ranges of leaves (a pure
 * function of the sizes), so a store can fetch every subtree it needs in one round trip.
 */
final class Proofs {
  private Proofs() {}

  /** {@code MTH(D[size])}, the root hash of the tree's first {@code size} leaves. */
  static byte[] root(Subtrees tree, long size) {
    if (size == 0) {
      return Merkle.emptyRoot();
    }
    Range r = new Range(0, size);
    tree.prefetch(r.nodes());
    return r.hash(tree);
  }

  /** {@code PATH(index, D[size])}: the sibling hashes from leaf {@code index} up to the root, leaf end first. */
  static List<byte[]> inclusion(Subtrees tree, long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
    }
    List<Range> plan = new ArrayList<>();
    path(index, 0, size, plan);
    return hashes(tree, plan);
  }

  /** {@code PROOF(m, D[n])}: what proves the tree of {@code m} leaves a prefix of the tree of {@code n}. */
  static List<byte[]> consistency(Subtrees tree, long m, long n) {
    if (m < 0 || m > n) {
      throw new IllegalArgumentException("no consistency proof from " + m + " to " + n);
    }
    List<Range> plan = new ArrayList<>();
    if (m > 0) {
      subproof(m, 0, n, true, plan);
    }
    return hashes(tree, plan);
  }

  /** RFC 9162 §2.1.3.1, on absolute leaf positions: the subtree hashes that, with leaf m, rebuild [a, b). */
  static void path(long m, long a, long b, List<Range> out) {
    long n = b - a;
    if (n == 1) {
      return;
    }
    long k = Merkle.split(n);
    if (m - a < k) {
      path(m, a, a + k, out);
      out.add(new Range(a + k, b));
    } else {
      path(m, a + k, b, out);
      out.add(new Range(a, a + k));
    }
  }

  /**
   * RFC 9162 §2.1.4.1: SUBPROOF(m, D[a:b], whole), where the old tree's leaves inside [a, b) are
   * its first {@code m}; {@code whole} says [a, a + m) is a subtree the verifier already has.
   */
  static void subproof(long m, long a, long b, boolean whole, List<Range> out) {
    long n = b - a;
    if (m == n) {
      if (!whole) {
        out.add(new Range(a, b));
      }
      return;
    }
    long k = Merkle.split(n);
    if (m <= k) {
      subproof(m, a, a + k, whole, out);
      out.add(new Range(a + k, b));
    } else {
      subproof(m - k, a + k, b, false, out);
      out.add(new Range(a, a + k));
    }
  }

  private static List<byte[]> hashes(Subtrees tree, List<Range> plan) {
    Set<Subtrees.Node> needed = new LinkedHashSet<>();
    for (Range r : plan) {
      needed.addAll(r.nodes());
    }
    tree.prefetch(needed);
    List<byte[]> out = new ArrayList<>(plan.size());
    for (Range r : plan) {
      out.add(r.hash(tree));
    }
    return out;
  }
}
