package dev.fairway.transparency;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.List;

/** Signs notes with the log's Ed25519 key under a key name (the log's origin). Never prints the key. */
final class NoteSigner {
  private final PrivateKey key;
  private final NoteVerifier verifier;

  /** @param pair {@code seed || public key}, as {@link Ed25519#generate} makes and storage keeps */
  NoteSigner(String name, byte[] pair) {
    if (pair.length != 2 * Ed25519.KEY_SIZE) {
      throw new IllegalStateException("the stored transparency signing key is not an Ed25519 key pair");
    }
    this.key = Ed25519.privateKey(Arrays.copyOf(pair, Ed25519.KEY_SIZE));
    this.verifier = new NoteVerifier(name, Arrays.copyOfRange(pair, Ed25519.KEY_SIZE, pair.length));
  }

  NoteVerifier verifier() {
    return verifier;
  }

  /** {@code text} (ending in a newline) signed: the note's full text. */
  String sign(String text) {
    if (!text.endsWith("\n") || text.contains("\n\n")) {
      throw new IllegalArgumentException("a note's text ends in one newline and has no blank lines");
    }
    byte[] sig = Ed25519.sign(key, text.getBytes(StandardCharsets.UTF_8));
    return new SignedNote(text, List.of(new SignedNote.Signature(verifier.name(), verifier.keyId(), sig))).format();
  }

  @Override
  public String toString() {
    return "NoteSigner[" + verifier.name() + "]";
  }
}
