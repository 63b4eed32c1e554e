package dev.fairway.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signed notes and checkpoints against the published example of golang.org/x/mod/sumdb/note (the
 * reference implementation of c2sp.org/signed-note): its key pair, text and signature. Ed25519 is
 * deterministic, so signing that text with that key must give that note byte for byte.
 */
class SignedNoteTest {
  static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String PETER_SKEY_B64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"; // 0x01 || seed
  static final String PETER_TEXT = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n";
  static final String PETER_NOTE = PETER_TEXT + "\n\u2014 PeterNeumann "
      + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  @Test
  void signsThePublishedExampleByteForByte() {
    byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(PETER_SKEY_B64), 1, 33);
    byte[] pub = NoteVerifier.parse(PETER_VKEY).publicKey();
    NoteSigner signer = new NoteSigner("PeterNeumann", concat(seed, pub));

    assertThat(signer.sign(PETER_TEXT)).isEqualTo(PETER_NOTE);
    assertThat(signer.verifier().text()).isEqualTo(PETER_VKEY);
  }

  @Test
  void verifiesThePublishedExampleAndRejectsAnyEdit() {
    NoteVerifier v = NoteVerifier.parse(PETER_VKEY);
    assertThat(v.verify(PETER_NOTE)).isEqualTo(PETER_TEXT);
    assertThat(v.keyId()).isEqualTo(0xc74f20a3);

    assertThatThrownBy(() -> v.verify(PETER_NOTE.replace("cryptography", "cryptographY")))
        .hasMessageContaining("does not verify");
    assertThatThrownBy(() -> v.verify(PETER_NOTE.replace("\u2014 PeterNeumann", "\u2014 PeterNeumann2")))
        .hasMessageContaining("carries no signature of key PeterNeumann+c74f20a3 (it is signed by PeterNeumann2+c74f20a3)");
    assertThatThrownBy(() -> v.verify(PETER_TEXT)).hasMessageContaining("no blank line");
    assertThatThrownBy(() -> v.verify(PETER_NOTE.replace("\u2014", "-"))).hasMessageContaining("em dash");
    assertThatThrownBy(() -> v.verify(PETER_NOTE.replace("then", "\tthen"))).hasMessageContaining("control character");
  }

  @Test
  void ignoresSignaturesOfOtherKeysAndFindsItsOwn() {
    NoteSigner other = new NoteSigner("other.example/log", Ed25519.generate(new SecureRandom()));
    String otherLine = other.sign(PETER_TEXT).substring(PETER_TEXT.length() + 1);
    String both = PETER_NOTE + otherLine;
    assertThat(NoteVerifier.parse(PETER_VKEY).verify(both)).isEqualTo(PETER_TEXT);
    assertThat(other.verifier().verify(both)).isEqualTo(PETER_TEXT);
  }

  @Test
  void rejectsMalformedVerifierKeys() {
    assertThatThrownBy(() -> NoteVerifier.parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .hasMessageContaining("does not match its key");
    assertThatThrownBy(() -> NoteVerifier.parse("PeterNeumann+c74f20a3+ApwtKuy")).hasMessageContaining("not an Ed25519 key");
    assertThatThrownBy(() -> NoteVerifier.parse("nonsense")).hasMessageContaining("not a verifier key");
    assertThatThrownBy(() -> NoteVerifier.parse("Peter+zz+AA==")).hasMessageContaining("8 hex digits");
  }

  @Test
  void aCheckpointRoundTripsThroughItsText() {
    byte[] root = MerkleTest.hex(MerkleTest.ROOTS[7]);
    Checkpoint c = new Checkpoint("fairway.local/abc", 8, root, List.of("policy none"));
    assertThat(c.text()).isEqualTo("fairway.local/abc\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\npolicy none\n");
    assertThat(Checkpoint.parse(c.text())).isEqualTo(c);
    assertThatThrownBy(() -> Checkpoint.parse("o\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"))
        .hasMessageContaining("not a decimal number");
    assertThatThrownBy(() -> Checkpoint.parse("o\n8\nXcna\n")).hasMessageContaining("not 32 bytes");
    assertThatThrownBy(() -> Checkpoint.parse("o\n8\n")).hasMessageContaining("at least three lines");
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
