package dev.fairway.transparency;

import java.util.Arrays;

/** A leaf of the log as stored: its position, its record, and the RFC 9162 hash of its canonical bytes. */
public record LogEntry(long index, String decisionId, long timeMs, byte[] leafHash, byte[] canonical) {
  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }

  @Override
  public byte[] canonical() {
    return canonical.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogEntry e && e.index == index && e.decisionId.equals(decisionId) && e.timeMs == timeMs
        && Arrays.equals(e.leafHash, leafHash) && Arrays.equals(e.canonical, canonical);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index);
  }

  @Override
  public String toString() {
    return "LogEntry[" + index + " " + decisionId + "]";
  }
}
