package dev.fairway.config;

import java.time.Duration;

/**
 * The {@code transparency:} section: the signed, append-only log of routing decisions.
 *
 * @param enabled record every routing decision and append it to the log (off: no decision
 *     record is built or journaled; the log still serves what it holds)
 * @param origin the log's name on its signed checkpoints (C2SP signed-note origin line), e.g.
 *     {@code gateway.example.com/fairway}
 * @param checkpointInterval a new checkpoint is signed at most this often (when the log grew)
 */
public record TransparencyConfig(boolean enabled, String origin, Duration checkpointInterval) {
  public static final String DEFAULT_ORIGIN = "fairway.local/decisions";

  public static TransparencyConfig defaults() {
    return new TransparencyConfig(true, DEFAULT_ORIGIN, Duration.ofSeconds(10));
  }
}
