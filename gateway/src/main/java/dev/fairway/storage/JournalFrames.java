package dev.fairway.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads the frames of one journal segment in order from an offset, stopping at the end of the
 * file or at the first frame that is incomplete or fails its checksum (a torn tail).
 *
 * <p>A frame is {@code [u32 body length][u32 CRC-32C of the body][body]}, the body being
 * {@code [u8 kind length][kind, UTF-8][payload]}. A length of zero never starts a valid frame, so
 * a zero-filled tail (the space written ahead of a mapped segment's appends, or a file extended by
 * a crash before its data landed) ends the segment cleanly.
 */
final class JournalFrames {
  static final int HEADER = 8;
  /** Most bytes read past what a frame needs, per refill. */
  static final int READ_AHEAD = 64 << 10;

  /** One record read back, and the segment offset just after it. */
  record Frame(String kind, byte[] payload, long endOffset, int frameBytes) {}

  private final FileChannel channel;
  private final CRC32C crc = new CRC32C();
  private ByteBuffer buf;
  /** File offset of {@code buf.position()}. */
  private long offset;
  private boolean eof;

  JournalFrames(FileChannel channel, long offset, ByteBuffer buffer) {
    this.channel = channel;
    this.offset = offset;
    this.buf = buffer;
    buf.clear().flip();
  }

  /** One frame holding {@code payload} as a record of {@code kind}, ready to write. */
  static ByteBuffer encode(String kind, byte[] payload) {
    byte[] k = kind.getBytes(StandardCharsets.UTF_8);
    int body = 1 + k.length + payload.length;
    ByteBuffer b = ByteBuffer.allocate(HEADER + body);
    b.putInt(body).putInt(0).put((byte) k.length).put(k).put(payload).flip();
    CRC32C c = new CRC32C();
    c.update(b.duplicate().position(HEADER));
    b.putInt(4, (int) c.getValue());
    return b;
  }

  /** The offset after the last frame returned (where the next one would start). */
  long offset() {
    return offset;
  }

  /** The next valid frame, or null when none starts at {@link #offset()}. */
  Frame next() throws IOException {
    Frame f = read();
    if (f == NONE) {
      // What the buffer held from here on was no frame: perhaps only the zeros ahead of the live
      // segment's appends, read before the frame was written into them. Read the file again.
      buf.clear().flip();
      f = read();
      if (f == NONE) {
        buf.clear().flip();
        f = null;
      }
    }
    return f;
  }

  /** No valid frame header or body at {@link #offset()}. */
  private static final Frame NONE = new Frame("", new byte[0], -1, 0);

  /** The frame at {@link #offset()}; null when the file ends first, {@link #NONE} when the bytes are no frame. */
  private Frame read() throws IOException {
    if (!ensure(HEADER)) {
      return null;
    }
    int p = buf.position();
    int len = buf.getInt(p);
    int expected = buf.getInt(p + 4);
    if (len < 1 || len > OutboxConfig.MAX_RECORD_BYTES + 256) {
      return NONE;
    }
    if (!ensure(HEADER + len)) {
      return null;
    }
    p = buf.position();
    ByteBuffer body = buf.duplicate().position(p + HEADER).limit(p + HEADER + len);
    crc.reset();
    crc.update(body);
    if ((int) crc.getValue() != expected) {
      return NONE;
    }
    int kindLen = buf.get(p + HEADER) & 0xff;
    if (kindLen + 1 > len) {
      return NONE;
    }
    byte[] kindBytes = new byte[kindLen];
    buf.get(p + HEADER + 1, kindBytes);
    byte[] payload = new byte[len - 1 - kindLen];
    buf.get(p + HEADER + 1 + kindLen, payload);
    int size = HEADER + len;
    buf.position(p + size);
    offset += size;
    return new Frame(new String(kindBytes, StandardCharsets.UTF_8), payload, offset, size);
  }

  /** Makes {@code n} bytes readable from the current position, reading the file as needed. */
  private boolean ensure(int n) throws IOException {
    if (buf.remaining() >= n) {
      return true;
    }
    if (n > buf.capacity()) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(n, buf.capacity() * 2));
      bigger.put(buf);
      buf = bigger;
    } else {
      buf.compact();
    }
    // buf is now in write mode holding the unread bytes from `offset`. Read ahead a bounded
    // amount: past the live segment's last frame there are only the zeros written ahead of it.
    buf.limit(Math.min(buf.capacity(), Math.max(n, buf.position() + READ_AHEAD)));
    eof = false;
    while (buf.hasRemaining()) {
      int r = channel.read(buf, offset + buf.position());
      if (r < 0) {
        eof = true;
        break;
      }
      if (r == 0) {
        break;
      }
    }
    buf.flip();
    return buf.remaining() >= n;
  }

  /** True when the last read reached the end of the file. */
  boolean atEof() {
    return eof;
  }
}
