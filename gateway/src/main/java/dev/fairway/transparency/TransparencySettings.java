package dev.fairway.transparency;

import java.time.Duration;

/**
 * The transparency log's configuration ({@code transparency:} in fairway.yaml).
 *
 * @param origin the checkpoints' origin line and the signing key's name, e.g. {@code fairway.example.com/log};
 *     null for {@code fairway.local/<instance id>}
 * @param checkpointInterval how often a checkpoint is signed when the tree has grown
 */
public record TransparencySettings(String origin, Duration checkpointInterval) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  public TransparencySettings {
    if (origin != null) {
      checkOrigin(origin);
    }
    checkpointInterval = checkpointInterval == null ? DEFAULT_INTERVAL : checkpointInterval;
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("transparency.checkpoint_interval must be positive");
    }
  }

  public static TransparencySettings defaults() {
    return new TransparencySettings(null, DEFAULT_INTERVAL);
  }

  /** The origin for a database whose instance id is {@code instanceId}. */
  String originFor(String instanceId) {
    return origin != null ? origin : "fairway.local/" + instanceId;
  }

  /** Throws IllegalArgumentException unless {@code origin} can be a checkpoint's origin and a note key's name. */
  static void checkOrigin(String origin) {
    try {
      SignedNote.checkKeyName(origin);
    } catch (SignedNote.NoteException e) {
      throw new IllegalArgumentException("transparency.origin must be non-empty, without spaces or '+' (it names"
          + " the signing key): '" + origin + "'");
    }
  }
}
