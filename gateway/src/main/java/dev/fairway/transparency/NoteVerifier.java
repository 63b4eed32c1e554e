package dev.fairway.transparency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One Ed25519 signed-note key, as a verifier holds it: parsed from (and printed as) the verifier-key
 * text {@code <name>+<8 hex digits of key ID>+<base64(0x01 || 32-byte public key)>}. It accepts a
 * note only when a signature line carries its name and key ID and that signature verifies.
 */
public final class NoteVerifier {
  static final byte ED25519 = 0x01;

  private final String name;
  private final int keyId;
  private final byte[] raw;
  private final PublicKey key;

  NoteVerifier(String name, byte[] rawPublicKey) {
    SignedNote.checkKeyName(name);
    this.name = name;
    this.raw = rawPublicKey.clone();
    this.key = Ed25519.publicKey(raw);
    this.keyId = keyId(name, raw);
  }

  /** Parses a verifier key; throws {@link SignedNote.NoteException} saying what is wrong with it. */
  public static NoteVerifier parse(String vkey) {
    String s = vkey == null ? "" : vkey.strip();
    String[] parts = s.split("\\+", 3); // the base64 key may itself hold a +
    if (parts.length != 3) {
      throw new SignedNote.NoteException("not a verifier key (expected <name>+<key id>+<base64 key>)");
    }
    if (!parts[1].matches("[0-9a-fA-F]{8}")) {
      throw new SignedNote.NoteException("the key ID of verifier key '" + parts[0] + "' is not 8 hex digits");
    }
    byte[] b;
    try {
      b = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new SignedNote.NoteException("the key of verifier key '" + parts[0] + "' is not base64");
    }
    if (b.length != 1 + Ed25519.KEY_SIZE || b[0] != ED25519) {
      throw new SignedNote.NoteException("verifier key '" + parts[0] + "' is not an Ed25519 key");
    }
    NoteVerifier v;
    try {
      v = new NoteVerifier(parts[0], Arrays.copyOfRange(b, 1, b.length));
    } catch (IllegalArgumentException e) {
      throw new SignedNote.NoteException("verifier key '" + parts[0] + "' is not an Ed25519 key");
    }
    if (v.keyId != (int) Long.parseLong(parts[1], 16)) {
      throw new SignedNote.NoteException("the key ID of verifier key '" + parts[0] + "' does not match its key");
    }
    return v;
  }

  /** {@code SHA-256(name || 0x0A || 0x01 || public key)[:4]}, big-endian, as signed-note recommends. */
  static int keyId(String name, byte[] raw) {
    MessageDigest d = Merkle.sha256();
    d.update(name.getBytes(StandardCharsets.UTF_8));
    d.update((byte) 0x0A);
    d.update(ED25519);
    d.update(raw);
    byte[] h = d.digest();
    return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
  }

  public String name() {
    return name;
  }

  public int keyId() {
    return keyId;
  }

  /** The raw 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return raw.clone();
  }

  /** The verifier-key text. */
  public String text() {
    byte[] b = new byte[1 + raw.length];
    b[0] = ED25519;
    System.arraycopy(raw, 0, b, 1, raw.length);
    return name + "+" + String.format(Locale.ROOT, "%08x", keyId) + "+" + Base64.getEncoder().encodeToString(b);
  }

  /** The public key as a PEM SubjectPublicKeyInfo (what {@code openssl pkeyutl -verify} reads). */
  public String pem() {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(Ed25519.spki(raw))
        + "\n-----END PUBLIC KEY-----\n";
  }

  /**
   * The text of {@code note} once a signature of this key on it verifies; throws
   * {@link SignedNote.NoteException} when the note is malformed, carries no signature of this key,
   * or carries one that does not verify.
   */
  public String verify(String note) {
    SignedNote n = SignedNote.parse(note);
    byte[] text = n.textBytes();
    for (SignedNote.Signature s : n.signatures()) {
      if (s.keyName().equals(name) && s.keyId() == keyId) {
        if (!Ed25519.verify(key, text, s.signature())) {
          throw new SignedNote.NoteException("the signature of key " + name + " does not verify: the note was"
              + " altered or signed by another key");
        }
        return n.text();
      }
    }
    throw new SignedNote.NoteException("the note carries no signature of key " + name + "+"
        + HexFormat.of().toHexDigits(keyId) + " (it is signed by " + signers(n) + ")");
  }

  private static String signers(SignedNote n) {
    StringBuilder sb = new StringBuilder();
    for (SignedNote.Signature s : n.signatures()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(s.keyName()).append('+').append(HexFormat.of().toHexDigits(s.keyId()));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text();
  }
}
