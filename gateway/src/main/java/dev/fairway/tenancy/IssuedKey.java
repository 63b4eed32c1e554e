package dev.fairway.tenancy;

/**
 * A key with its full secret, {@code sk-fw-<id>-<secret>}: returned once, by create and by
 * rotate, and never again. {@link #toString} hides the secret.
 *
 * @param previousValidUntilMs after a rotation, when the previous secret stops working; else null
 */
public record IssuedKey(VirtualKey key, String secretKey, Long previousValidUntilMs) {
  @Override
  public String toString() {
    return "IssuedKey[" + key.id() + ", sk-fw-" + key.id() + "-***]";
  }
}
