package dev.fairway.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The primitives of the outbox journal's binary record formats (ledger rows, decision records):
 * cheap to write on the event loop, where a JSON encoding cost two to three times as much.
 *
 * <p>A string is a varint of its UTF-8 length plus one ({@code 0} for null) and the bytes; a list
 * or map a varint of its size plus one ({@code 0} for null) and its elements; an optional value a
 * presence byte and the value; an int or long a zigzag varint; a double its IEEE bits (8 bytes,
 * big-endian); a boolean one byte, 0 or 1.
 */
public final class RecordBytes {
  private RecordBytes() {}

  /** Writes one record into a growing array. */
  public static final class Writer {
    private byte[] buf;
    private int pos;

    public Writer(int initialBytes) {
      buf = new byte[initialBytes];
    }

    private void room(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    public void b(int v) {
      room(1);
      buf[pos++] = (byte) v;
    }

    public void bool(boolean v) {
      b(v ? 1 : 0);
    }

    public void varint(long v) {
      room(10);
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    public void l(long v) {
      varint((v << 1) ^ (v >> 63));
    }

    public void i(int v) {
      l(v);
    }

    public void dbl(double v) {
      room(8);
      long bits = Double.doubleToRawLongBits(v);
      for (int s = 56; s >= 0; s -= 8) {
        buf[pos++] = (byte) (bits >>> s);
      }
    }

    public void d(Double v) {
      if (present(v)) {
        dbl(v);
      }
    }

    /** Writes whether {@code o} is there; true when it is (its value follows). */
    public boolean present(Object o) {
      b(o == null ? 0 : 1);
      return o != null;
    }

    /** Writes a list's size (0 for null); true when its elements follow. */
    public boolean size(java.util.Collection<?> c) {
      varint(c == null ? 0 : c.size() + 1L);
      return c != null;
    }

    public void s(String v) {
      if (v == null) {
        varint(0);
        return;
      }
      // For an ASCII string (ids, model names, reasons) the JDK checks and copies its bytes with
      // vector instructions; a loop over its chars here cost several times as much.
      byte[] u = v.getBytes(StandardCharsets.UTF_8);
      varint(u.length + 1L);
      room(u.length);
      System.arraycopy(u, 0, buf, pos, u.length);
      pos += u.length;
    }

    public void strings(List<String> list) {
      if (size(list)) {
        for (String v : list) {
          s(v);
        }
      }
    }

    public byte[] bytes() {
      return Arrays.copyOf(buf, pos);
    }
  }

  /**
   * Reads one record; every method throws IllegalArgumentException (never an index error) when
   * the bytes end early or hold what no writer writes.
   */
  public static final class Reader {
    private final byte[] buf;
    private int pos;

    public Reader(byte[] buf) {
      this.buf = buf;
    }

    private void need(long n) {
      if (n > buf.length - pos) {
        throw new IllegalArgumentException("a truncated record");
      }
    }

    public int b() {
      need(1);
      return buf[pos++];
    }

    public boolean bool() {
      int v = b();
      if (v != 0 && v != 1) {
        throw new IllegalArgumentException("a boolean of " + v);
      }
      return v == 1;
    }

    public boolean present() {
      return bool();
    }

    public long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = b();
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("a varint of more than ten bytes");
    }

    public long l() {
      long z = varint();
      return (z >>> 1) ^ -(z & 1);
    }

    public int i() {
      long v = l();
      if (v != (int) v) {
        throw new IllegalArgumentException("an int out of range");
      }
      return (int) v;
    }

    public double dbl() {
      need(8);
      long bits = 0;
      for (int k = 0; k < 8; k++) {
        bits = (bits << 8) | (buf[pos++] & 0xFF);
      }
      return Double.longBitsToDouble(bits);
    }

    public Double d() {
      return present() ? dbl() : null;
    }

    /** A list's size, or -1 for null. */
    public int size() {
      long n = varint() - 1;
      need(n); // every element takes at least a byte
      return (int) n;
    }

    public String s() {
      long n = varint() - 1;
      if (n < 0) {
        return null;
      }
      need(n);
      String v = new String(buf, pos, (int) n, StandardCharsets.UTF_8);
      pos += (int) n;
      return v;
    }

    public List<String> strings() {
      int n = size();
      if (n < 0) {
        return null;
      }
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(s());
      }
      return out;
    }

    /** Throws unless every byte was read. */
    public void end() {
      if (pos != buf.length) {
        throw new IllegalArgumentException("trailing bytes after a record");
      }
    }
  }
}
