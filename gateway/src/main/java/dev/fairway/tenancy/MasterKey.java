package dev.fairway.tenancy;

import dev.fairway.catalog.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The operator's master key ({@code server.master_key} / {@code FAIRWAY_MASTER_KEY}): it opens
 * the admin API and every model. Only its SHA-256 is kept; {@link #matches} compares digests in
 * constant time, so neither the key's length nor its prefix leaks through timing.
 */
public final class MasterKey {
  /** Shorter master keys are refused: they could be guessed. */
  public static final int MIN_LENGTH = 16;

  private final byte[] digest;

  private MasterKey(byte[] digest) {
    this.digest = digest;
  }

  /**
   * @throws IllegalArgumentException when the key is shorter than {@link #MIN_LENGTH} (the message
   *     names the setting, never the value)
   */
  public static MasterKey of(Secret key) {
    String v = key.value().strip();
    if (v.length() < MIN_LENGTH) {
      throw new IllegalArgumentException("server.master_key (FAIRWAY_MASTER_KEY) must be at least " + MIN_LENGTH
          + " characters long");
    }
    return new MasterKey(KeyFormat.sha256(v.getBytes(StandardCharsets.UTF_8)));
  }

  /** A fresh random master key ({@code sk-fw-master-} and 43 base62 characters), e.g. for {@code demo --auth}. */
  public static Secret generate(SecureRandom random) {
    return new Secret("sk-fw-master-" + KeyFormat.newSecret(random));
  }

  /** True when {@code presented} is the master key. */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(KeyFormat.sha256(presented.getBytes(StandardCharsets.UTF_8)), digest);
  }

  @Override
  public String toString() {
    return "MasterKey[***]";
  }
}
