package dev.fairway.transparency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One decision record as the log takes it: its id, its time and its canonical bytes (the leaf).
 * The request path appends {@link #encode} to the outbox journal; the {@code decision} sink decodes
 * it. The encoding is version byte 1, id length (1 byte), id (ASCII), time in epoch ms (8 bytes,
 * big-endian), then the canonical bytes to the end.
 *
 * @param decisionId 1 to 128 characters of {@code [A-Za-z0-9._~:-]} (safe in URLs and logs)
 */
public record LogRecord(String decisionId, long timeMs, byte[] canonical) implements PendingLeaf {
  static final byte VERSION = 1;
  /** Journal format 2: the same header, then a body from which the canonical bytes are derived. */
  static final byte DEFERRED = 2;
  static final int MAX_ID = 128;

  public LogRecord {
    checkDecisionId(decisionId);
    if (canonical == null) {
      throw new IllegalArgumentException("a decision record has canonical bytes");
    }
  }

  /** The journal bytes of record {@code (decisionId, timeMs, canonical)}: what the request path appends. */
  public static byte[] encode(String decisionId, long timeMs, byte[] canonical) {
    checkDecisionId(decisionId);
    int n = decisionId.length();
    ByteBuffer b = ByteBuffer.allocate(2 + n + 8 + canonical.length);
    b.put(VERSION).put((byte) n);
    for (int i = 0; i < n; i++) {
      b.put((byte) decisionId.charAt(i));
    }
    b.putLong(timeMs).put(canonical);
    return b.array();
  }

  public byte[] encode() {
    return encode(decisionId, timeMs, canonical);
  }

  @Override
  public LogRecord toLogRecord() {
    return this;
  }

  /**
   * The journal bytes of record {@code (decisionId, timeMs)} in format 2: {@code body} is not the
   * canonical bytes but what they are derived from when the record is read back (the sink's
   * {@code canonicalOf}); the header is format 1's.
   */
  public static byte[] encodeDeferred(String decisionId, long timeMs, byte[] body) {
    byte[] b = encode(decisionId, timeMs, body);
    b[0] = DEFERRED;
    return b;
  }

  /**
   * The record {@code bytes} encode, in either format; a format 2 body goes through
   * {@code canonicalOf} (null: format 2 is refused). Throws IllegalArgumentException when they are
   * not one.
   */
  public static LogRecord decode(byte[] bytes, java.util.function.Function<byte[], byte[]> canonicalOf) {
    if (bytes != null && bytes.length > 0 && bytes[0] == DEFERRED) {
      if (canonicalOf == null) {
        throw new IllegalArgumentException("a deferred decision record and no decoder for it");
      }
      return read(bytes, DEFERRED, canonicalOf);
    }
    return decode(bytes);
  }

  /** The record {@code bytes} encode; throws IllegalArgumentException when they are not one. */
  public static LogRecord decode(byte[] bytes) {
    return read(bytes, VERSION, java.util.function.Function.identity());
  }

  /** Reads the header of format {@code version}; the rest of the bytes, through {@code canonicalOf}, is the leaf. */
  private static LogRecord read(byte[] bytes, byte version, java.util.function.Function<byte[], byte[]> canonicalOf) {
    if (bytes == null || bytes.length < 2 + 1 + 8 || bytes[0] != version) {
      throw new IllegalArgumentException("not a decision record of version " + version);
    }
    int n = bytes[1] & 0xff;
    if (n == 0 || bytes.length < 2 + n + 8) {
      throw new IllegalArgumentException("a truncated decision record");
    }
    String id = new String(bytes, 2, n, StandardCharsets.US_ASCII);
    long time = ByteBuffer.wrap(bytes, 2 + n, 8).getLong();
    return new LogRecord(id, time, canonicalOf.apply(Arrays.copyOfRange(bytes, 2 + n + 8, bytes.length)));
  }

  /** True when {@code id} could be a decision id (for parameters: no database round trip for garbage). */
  public static boolean isDecisionId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '~' || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static void checkDecisionId(String id) {
    if (!isDecisionId(id)) {
      throw new IllegalArgumentException("a decision id is 1 to " + MAX_ID + " characters of [A-Za-z0-9._~:-]");
    }
  }

  @Override
  public byte[] canonical() {
    return canonical.clone();
  }

  /** The canonical bytes themselves, not a copy: for the store, which only reads them. */
  byte[] leaf() {
    return canonical;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogRecord r && r.decisionId.equals(decisionId) && r.timeMs == timeMs
        && Arrays.equals(r.canonical, canonical);
  }

  @Override
  public int hashCode() {
    return decisionId.hashCode();
  }

  @Override
  public String toString() {
    return "LogRecord[" + decisionId + " @" + timeMs + ", " + canonical.length + " bytes]";
  }
}
