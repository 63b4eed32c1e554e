package dev.fairway.transparency;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A note in the C2SP signed-note format (c2sp.org/signed-note): UTF-8 text ending in a newline,
 * a blank line, then one line per signature: em dash, space, key name, space,
 * {@code base64(4-byte key ID || signature)}. The signatures cover the text including its final
 * newline. Parsing checks the syntax only; {@link NoteVerifier} checks signatures.
 *
 * @param text the signed text, ending in a newline
 * @param signatures in the order they appear
 */
public record SignedNote(String text, List<Signature> signatures) {
  static final String DASH = "\u2014 ";

  /** One signature line. */
  public record Signature(String keyName, int keyId, byte[] signature) {
    String line() {
      byte[] b = new byte[4 + signature.length];
      b[0] = (byte) (keyId >>> 24);
      b[1] = (byte) (keyId >>> 16);
      b[2] = (byte) (keyId >>> 8);
      b[3] = (byte) keyId;
      System.arraycopy(signature, 0, b, 4, signature.length);
      return DASH + keyName + " " + Base64.getEncoder().encodeToString(b) + "\n";
    }
  }

  public SignedNote {
    signatures = List.copyOf(signatures);
  }

  /** The note as it travels: text, blank line, signature lines. */
  public String format() {
    StringBuilder sb = new StringBuilder(text).append('\n');
    for (Signature s : signatures) {
      sb.append(s.line());
    }
    return sb.toString();
  }

  /** Parses {@code note}; throws {@link NoteException} naming what is wrong with it. */
  public static SignedNote parse(String note) {
    if (note == null || note.isEmpty()) {
      throw new NoteException("the note is empty");
    }
    for (int i = 0; i < note.length(); i++) {
      char c = note.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new NoteException("the note contains a control character (U+" + String.format("%04X", (int) c) + ")");
      }
      if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < note.length()
          && Character.isLowSurrogate(note.charAt(++i)))) {
        throw new NoteException("the note is not valid UTF-8 text");
      }
    }
    if (!note.endsWith("\n")) {
      throw new NoteException("the note does not end in a newline");
    }
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new NoteException("the note has no blank line before its signatures");
    }
    String text = note.substring(0, split + 1);
    String sigs = note.substring(split + 2);
    List<Signature> out = new ArrayList<>();
    for (String line : sigs.split("\n", -1)) {
      if (line.isEmpty()) {
        continue; // the final newline
      }
      out.add(signature(line));
    }
    if (out.isEmpty()) {
      throw new NoteException("the note has no signature lines");
    }
    return new SignedNote(text, out);
  }

  private static Signature signature(String line) {
    if (!line.startsWith(DASH)) {
      throw new NoteException("a signature line does not start with an em dash and a space");
    }
    String rest = line.substring(DASH.length());
    int sp = rest.indexOf(' ');
    if (sp <= 0 || rest.indexOf(' ', sp + 1) >= 0) {
      throw new NoteException("a signature line is not '\u2014 <key name> <base64 signature>'");
    }
    String name = rest.substring(0, sp);
    checkKeyName(name);
    byte[] b;
    try {
      b = Base64.getDecoder().decode(rest.substring(sp + 1));
    } catch (IllegalArgumentException e) {
      throw new NoteException("the signature of key '" + name + "' is not base64");
    }
    if (b.length < 5) {
      throw new NoteException("the signature of key '" + name + "' is too short");
    }
    int id = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    byte[] sig = new byte[b.length - 4];
    System.arraycopy(b, 4, sig, 0, sig.length);
    return new Signature(name, id, sig);
  }

  /** Key names are non-empty and hold neither Unicode spaces nor '+'. */
  static void checkKeyName(String name) {
    if (name.isEmpty()) {
      throw new NoteException("a key name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c) || c < 0x20) {
        throw new NoteException("key name '" + name + "' contains a space or '+'");
      }
    }
  }

  byte[] textBytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A note (or a verifier key) that is malformed, or whose signature does not verify. */
  public static final class NoteException extends RuntimeException {
    public NoteException(String message) {
      super(message, null, false, false);
    }
  }
}
