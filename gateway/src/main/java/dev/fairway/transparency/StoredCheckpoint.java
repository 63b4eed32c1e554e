package dev.fairway.transparency;

/**
 * A signed checkpoint as the log keeps it.
 *
 * @param note the whole signed note (checkpoint text, blank line, signature line)
 * @param signedMs when this instance signed it (not part of the note: tlog-checkpoint has no time)
 */
public record StoredCheckpoint(long size, byte[] root, String note, long signedMs) {
  @Override
  public byte[] root() {
    return root.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredCheckpoint c && c.size == size && c.note.equals(note) && c.signedMs == signedMs;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size);
  }

  @Override
  public String toString() {
    return "StoredCheckpoint[" + size + " " + Merkle.b64(root) + "]";
  }
}
