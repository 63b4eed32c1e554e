package dev.fairway.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Merkle math against published vectors (the RFC 6962 / 9162 test data that
 * transparency-dev/merkle and Certificate Transparency use: eight leaf inputs, the roots of every
 * prefix, and a handful of proofs), then against the RFC's recursive definitions for every leaf
 * of every tree up to 64 leaves and every pair of sizes.
 */
class MerkleTest {
  private static final HexFormat HEX = HexFormat.of();

  static final byte[][] LEAVES = {
      hex(""), hex("00"), hex("10"), hex("2021"), hex("3031"), hex("40414243"),
      hex("5051525354555657"), hex("606162636465666768696a6b6c6d6e6f")};

  /** Roots of the trees of the first 1..8 leaves. */
  static final String[] ROOTS = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

  /** {leaf index (0-based), tree size, proof...}. */
  static final Object[][] INCLUSION = {
      {0L, 1L},
      {0L, 8L, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
      {5L, 8L, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
      {2L, 3L, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"},
      {1L, 5L, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}};

  /** {first size, second size, proof...}. */
  static final Object[][] CONSISTENCY = {
      {1L, 1L},
      {1L, 8L, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
      {6L, 8L, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"},
      {2L, 5L, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"},
      {6L, 7L, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
          "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}};

  @Test
  void hashesLeavesNodesAndTheEmptyTreeAsTheRfcDoes() {
    assertThat(HEX.formatHex(Merkle.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(HEX.formatHex(Merkle.leafHash(LEAVES[0])))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    assertThat(HEX.formatHex(Merkle.leafHash(LEAVES[1])))
        .isEqualTo("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
    assertThat(HEX.formatHex(Merkle.nodeHash(Merkle.leafHash(LEAVES[0]), Merkle.leafHash(LEAVES[1]))))
        .isEqualTo("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
  }

  @Test
  void rootsOfEveryPrefixMatchTheVectors() {
    MemoryTree tree = new MemoryTree();
    assertThat(tree.root()).isEqualTo(Merkle.emptyRoot());
    for (int n = 1; n <= LEAVES.length; n++) {
      tree.append(Merkle.leafHash(LEAVES[n - 1]));
      assertThat(HEX.formatHex(tree.root())).as("root of %d", n).isEqualTo(ROOTS[n - 1]);
      assertThat(HEX.formatHex(Proofs.root(tree, n))).as("root of %d from subtrees", n).isEqualTo(ROOTS[n - 1]);
    }
    for (int n = 1; n <= LEAVES.length; n++) {
      assertThat(HEX.formatHex(Proofs.root(tree, n))).as("older root of %d", n).isEqualTo(ROOTS[n - 1]);
    }
  }

  @Test
  void inclusionProofsMatchTheVectorsAndVerify() {
    MemoryTree tree = vectorTree();
    for (Object[] v : INCLUSION) {
      long index = (Long) v[0];
      long size = (Long) v[1];
      List<byte[]> want = hashes(v);
      assertThat(Proofs.inclusion(tree, index, size)).as("PATH(%d, %d)", index, size)
          .usingElementComparator(MerkleTest::compare).containsExactlyElementsOf(want);
      byte[] root = hex(ROOTS[(int) size - 1]);
      assertThat(ProofVerifier.verifyInclusion(index, size, Merkle.leafHash(LEAVES[(int) index]), want, root)).isTrue();
    }
  }

  @Test
  void consistencyProofsMatchTheVectorsAndVerify() {
    MemoryTree tree = vectorTree();
    for (Object[] v : CONSISTENCY) {
      long m = (Long) v[0];
      long n = (Long) v[1];
      List<byte[]> want = hashes(v);
      assertThat(Proofs.consistency(tree, m, n)).as("PROOF(%d, %d)", m, n)
          .usingElementComparator(MerkleTest::compare).containsExactlyElementsOf(want);
      assertThat(ProofVerifier.verifyConsistency(m, n, hex(ROOTS[(int) m - 1]), hex(ROOTS[(int) n - 1]), want)).isTrue();
    }
  }

  @Test
  void everyLeafOfEveryTreeUpTo64HasTheRfcPathAndItVerifies() {
    List<byte[]> leaves = new ArrayList<>();
    MemoryTree tree = new MemoryTree();
    for (int n = 1; n <= 64; n++) {
      byte[] leaf = Merkle.leafHash(("leaf " + n).getBytes());
      leaves.add(leaf);
      tree.append(leaf);
      byte[] root = Reference.mth(leaves);
      assertThat(tree.root()).isEqualTo(root);
      for (int m = 0; m < n; m++) {
        List<byte[]> proof = Proofs.inclusion(tree, m, n);
        assertThat(proof).as("PATH(%d, %d)", m, n).usingElementComparator(MerkleTest::compare)
            .containsExactlyElementsOf(Reference.path(m, leaves));
        assertThat(ProofVerifier.verifyInclusion(m, n, leaves.get(m), proof, root)).as("verify %d in %d", m, n).isTrue();
        assertThat(ProofVerifier.verifyInclusion(m, n, leaves.get((m + 1) % n), proof, root) && n > 1).isFalse();
        if (m + 1 < n) {
          assertThat(ProofVerifier.verifyInclusion(m + 1, n, leaves.get(m), proof, root)).isFalse();
        }
        assertThat(ProofVerifier.verifyInclusion(m, 2L * n, leaves.get(m), proof, root)).as("size * 2").isFalse();
        if (!proof.isEmpty()) {
          assertThat(ProofVerifier.verifyInclusion(m, n, leaves.get(m), proof.subList(0, proof.size() - 1), root)).isFalse();
          List<byte[]> longer = new ArrayList<>(proof);
          longer.add(root);
          assertThat(ProofVerifier.verifyInclusion(m, n, leaves.get(m), longer, root)).isFalse();
        }
      }
    }
  }

  @Test
  void everyPairOfSizesUpTo64HasTheRfcConsistencyProofAndItVerifies() {
    List<byte[]> leaves = new ArrayList<>();
    MemoryTree tree = new MemoryTree();
    for (int n = 1; n <= 64; n++) {
      byte[] leaf = Merkle.leafHash(("leaf " + n).getBytes());
      leaves.add(leaf);
      tree.append(leaf);
    }
    for (int n = 1; n <= 64; n++) {
      byte[] rootN = Reference.mth(leaves.subList(0, n));
      for (int m = 1; m <= n; m++) {
        byte[] rootM = Reference.mth(leaves.subList(0, m));
        List<byte[]> proof = Proofs.consistency(tree, m, n);
        assertThat(proof).as("PROOF(%d, %d)", m, n).usingElementComparator(MerkleTest::compare)
            .containsExactlyElementsOf(Reference.proof(m, leaves.subList(0, n)));
        assertThat(ProofVerifier.verifyConsistency(m, n, rootM, rootN, proof)).as("verify %d -> %d", m, n).isTrue();
        if (m < n) {
          assertThat(ProofVerifier.verifyConsistency(m, n, rootN, rootM, proof)).as("swapped roots").isFalse();
          assertThat(ProofVerifier.verifyConsistency(m, n, rootM, rootN, List.of())).as("empty proof").isFalse();
          List<byte[]> flipped = new ArrayList<>(proof);
          byte[] first = flipped.get(0).clone();
          first[0] ^= 16;
          flipped.set(0, first);
          assertThat(ProofVerifier.verifyConsistency(m, n, rootM, rootN, flipped)).as("flipped bit").isFalse();
          if (m + 1 < n) {
            assertThat(ProofVerifier.verifyConsistency(m + 1, n, rootM, rootN, proof)).as("wrong size").isFalse();
          }
        }
      }
    }
  }

  @Test
  void trivialConsistencyNeedsAnEmptyProof() {
    byte[] r = Merkle.leafHash(new byte[0]);
    assertThat(ProofVerifier.verifyConsistency(3, 3, r, r, List.of())).isTrue();
    assertThat(ProofVerifier.verifyConsistency(3, 3, r, Merkle.emptyRoot(), List.of())).isFalse();
    assertThat(ProofVerifier.verifyConsistency(3, 3, r, r, List.of(r))).isFalse();
    assertThat(ProofVerifier.verifyConsistency(0, 5, Merkle.emptyRoot(), r, List.of())).isTrue();
    assertThat(ProofVerifier.verifyConsistency(4, 3, r, r, List.of())).isFalse();
    assertThat(ProofVerifier.verifyInclusion(0, 0, r, List.of(), r)).isFalse();
    assertThat(ProofVerifier.verifyInclusion(0, 1, r, List.of(), r)).isTrue();
    assertThat(ProofVerifier.verifyInclusion(0, 1, r, List.of(), new byte[0])).isFalse();
  }

  static MemoryTree vectorTree() {
    MemoryTree tree = new MemoryTree();
    for (byte[] l : LEAVES) {
      tree.append(Merkle.leafHash(l));
    }
    return tree;
  }

  private static List<byte[]> hashes(Object[] v) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 2; i < v.length; i++) {
      out.add(hex((String) v[i]));
    }
    return out;
  }

  static int compare(byte[] a, byte[] b) {
    return java.util.Arrays.compare(a, b);
  }

  static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  /** RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 transcribed literally, on lists of leaf hashes. */
  static final class Reference {
    static byte[] mth(List<byte[]> d) {
      if (d.isEmpty()) {
        return Merkle.emptyRoot();
      }
      if (d.size() == 1) {
        return d.get(0);
      }
      int k = Integer.highestOneBit(d.size() - 1);
      return Merkle.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    static List<byte[]> path(int m, List<byte[]> d) {
      List<byte[]> out = new ArrayList<>();
      if (d.size() <= 1) {
        return out;
      }
      int k = Integer.highestOneBit(d.size() - 1);
      if (m < k) {
        out.addAll(path(m, d.subList(0, k)));
        out.add(mth(d.subList(k, d.size())));
      } else {
        out.addAll(path(m - k, d.subList(k, d.size())));
        out.add(mth(d.subList(0, k)));
      }
      return out;
    }

    static List<byte[]> proof(int m, List<byte[]> d) {
      return subproof(m, d, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
      List<byte[]> out = new ArrayList<>();
      int n = d.size();
      if (m == n) {
        if (!b) {
          out.add(mth(d));
        }
        return out;
      }
      int k = Integer.highestOneBit(n - 1);
      if (m <= k) {
        out.addAll(subproof(m, d.subList(0, k), b));
        out.add(mth(d.subList(k, n)));
      } else {
        out.addAll(subproof(m - k, d.subList(k, n), false));
        out.add(mth(d.subList(0, k)));
      }
      return out;
    }
  }
}
