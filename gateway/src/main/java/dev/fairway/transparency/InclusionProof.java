package dev.fairway.transparency;

import java.util.List;

/**
 * That a decision's leaf is in the tree of a signed checkpoint: RFC 9162 §2.1.3 against the root
 * of {@code checkpoint}, whose size is {@code treeSize}.
 *
 * @param proof sibling hashes, leaf end first
 * @param checkpoint the signed note the proof is against
 */
public record InclusionProof(String decisionId, long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof,
    String checkpoint) {
  public InclusionProof {
    proof = List.copyOf(proof);
  }
}
