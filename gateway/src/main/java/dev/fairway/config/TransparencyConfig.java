package dev.fairway.config;

import java.time.Duration;

/**
 * The {@code transparency:} section: the signed, append-only log of routing decisions.
 *
 * @param origin the log's name on its signed checkpoints (C2SP signed-note origin line), e.g.
 *     {@code gateway.example.com/fairway}
 * @param checkpointInterval a new checkpoint is signed at most this often (when the log grew)
 */
public record TransparencyConfig(String origin, Duration checkpointInterval) {
  public static final String DEFAULT_ORIGIN = "fairway.local/decisions";

  public static TransparencyConfig defaults() {
    return new TransparencyConfig(DEFAULT_ORIGIN, Duration.ofSeconds(10));
  }
}
