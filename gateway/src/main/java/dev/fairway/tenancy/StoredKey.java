package dev.fairway.tenancy;

/**
 * A key as the store and the key ring hold it: its settings and the SHA-256 of its secret (and,
 * after a rotation, of the previous secret with the end of its grace period). Never leaves the
 * package: nothing outside needs a hash.
 */
record StoredKey(VirtualKey key, byte[] secretHash, byte[] previousHash, Long previousUntilMs) {
  StoredKey withKey(VirtualKey k) {
    return new StoredKey(k, secretHash, previousHash, previousUntilMs);
  }

  @Override
  public String toString() {
    return "StoredKey[" + key.id() + "]";
  }
}
