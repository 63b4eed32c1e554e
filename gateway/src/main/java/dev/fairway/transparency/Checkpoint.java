package dev.fairway.transparency;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A tree head in the C2SP tlog-checkpoint format (c2sp.org/tlog-checkpoint): the note text
 * {@code origin}, tree size, base64 root hash, then optional extension lines, one per line.
 *
 * @param extensions non-empty lines after the root (the lead's disclosed house policy goes here)
 */
public record Checkpoint(String origin, long size, byte[] root, List<String> extensions) {
  public Checkpoint {
    checkLine(origin, "origin");
    if (size < 0) {
      throw new IllegalArgumentException("a tree size is never negative");
    }
    if (root == null || root.length != Merkle.HASH_SIZE) {
      throw new IllegalArgumentException("a root hash is 32 bytes");
    }
    root = root.clone();
    extensions = List.copyOf(extensions);
    for (String e : extensions) {
      checkLine(e, "extension line");
    }
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  /** The note text this checkpoint is. */
  public String text() {
    StringBuilder sb = new StringBuilder().append(origin).append('\n').append(size).append('\n')
        .append(Base64.getEncoder().encodeToString(root)).append('\n');
    for (String e : extensions) {
      sb.append(e).append('\n');
    }
    return sb.toString();
  }

  /** Parses a checkpoint's note text; throws {@link SignedNote.NoteException} naming what is wrong. */
  public static Checkpoint parse(String text) {
    if (!text.endsWith("\n")) {
      throw new SignedNote.NoteException("the checkpoint does not end in a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new SignedNote.NoteException("a checkpoint has at least three lines (origin, tree size, root hash)");
    }
    if (lines[0].isEmpty()) {
      throw new SignedNote.NoteException("the checkpoint's origin line is empty");
    }
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw new SignedNote.NoteException("the checkpoint's tree size '" + lines[1] + "' is not a decimal number");
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new SignedNote.NoteException("the checkpoint's root hash is not base64");
    }
    if (root.length != Merkle.HASH_SIZE) {
      throw new SignedNote.NoteException("the checkpoint's root hash is not 32 bytes");
    }
    List<String> ext = new ArrayList<>();
    for (int i = 3; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        throw new SignedNote.NoteException("the checkpoint has an empty extension line");
      }
      ext.add(lines[i]);
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new SignedNote.NoteException("the checkpoint's tree size '" + lines[1] + "' is too large");
    }
    return new Checkpoint(lines[0], size, root, ext);
  }

  private static void checkLine(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("a checkpoint's " + what + " is never empty");
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20) {
        throw new IllegalArgumentException("a checkpoint's " + what + " holds no control characters or newlines");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size
        && java.util.Arrays.equals(c.root, root) && c.extensions.equals(extensions);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() * 31 + Long.hashCode(size);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + " " + size + " " + Merkle.b64(root) + "]";
  }
}
