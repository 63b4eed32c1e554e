package dev.fairway.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's append-only journal: numbered segment files of checksummed frames, and a checkpoint
 * naming the position up to which the database has committed. Appends must be serialised by the
 * caller; the writer thread reads, commits and deletes.
 *
 * <p>Why no fsync per record: a {@code write} that returned is in the kernel's page cache, which
 * outlives the process (SIGKILL included); only a power loss or a kernel crash can lose it, and a
 * periodic {@link #force} bounds that window when asked to. The checkpoint needs no fsync either:
 * losing it only makes the next start replay records the idempotent sinks then skip.
 *
 * <p>Appends are copies into a shared memory mapping of the segment, not {@code write} calls:
 * the mapped pages are the same page cache a {@code write} fills, so what an append stored
 * outlives the process just the same, at a fraction of the cost (a 600-byte pwrite costs 8-12 µs
 * of CPU between requests on this kind of machine, the copy about 1 µs). Each frame's length is
 * stored last, so a frame is not there for a reader until the whole of it is. The space under the
 * mapping is written with zeros by ordinary writes ahead of use, so a full disk is an {@code
 * IOException} from {@link #append}, never a fault on a mapped page; a mapping that cannot be made
 * falls back to ordinary writes for good. A segment is mapped in windows of up to {@value
 * #WINDOW_BYTES} bytes; the file is cut back to its last frame when it rolls or the journal closes.
 *
 * <p>On open, the segments after the checkpoint are scanned and each is cut at its first
 * incomplete or damaged frame (the tail a crash can tear; the zeros after the last frame of a
 * segment the process was killed in are cut silently); appends then go to a fresh segment, so a
 * previous process's files are never written again.
 */
final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final String SUFFIX = ".journal";
  private static final String CHECKPOINT = "checkpoint";
  private static final String CHECKPOINT_MAGIC = "fairway-outbox-checkpoint-v1";
  /** Bytes of one checkpoint slot: the line, padded with spaces, ending in a newline. */
  private static final int CHECKPOINT_SLOT = 128;
  /** Most bytes of a segment mapped at once. */
  static final int WINDOW_BYTES = 4 << 20;
  /** Zeros written ahead of the appends at a time, so that the blocks under the mapping exist. */
  private static final int PREFILL_BYTES = 256 << 10;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(PREFILL_BYTES).asReadOnlyBuffer();

  /** A place in the journal: a segment and a byte offset in it. */
  record Position(long segment, long offset) implements Comparable<Position> {
    @Override
    public int compareTo(Position o) {
      int c = Long.compare(segment, o.segment);
      return c != 0 ? c : Long.compare(offset, o.offset);
    }
  }

  /** What the journal held beyond the checkpoint when it was opened. */
  record Backlog(long records, long bytes, long droppedBytes) {}

  private final Path dir;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final NavigableSet<Long> segments = new ConcurrentSkipListSet<>();
  private final Backlog backlog;
  private final CRC32C crc = new CRC32C();
  private ByteBuffer frame = ByteBuffer.allocateDirect(64 * 1024);
  private volatile FileChannel out;
  private long outSegment;
  private long outOffset;
  private volatile Position checkpoint;
  private FileChannel checkpointChannel; // the writer thread's
  private long commits;
  private volatile boolean forceOnRoll;
  /** False once a mapping failed: appends are ordinary writes from then on. */
  private boolean mapping = true;
  /** Maps [windowStart, windowStart + capacity) of {@link #out}; null until the first mapped append. */
  private MappedByteBuffer window;
  private long windowStart;
  /** The segment offset up to which zeros have been written ahead of the appends. */
  private long prefilled;

  private Journal(Path dir, long segmentBytes, FileChannel lockChannel, FileLock lock) throws IOException {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.lockChannel = lockChannel;
    this.lock = lock;
    for (long s : listSegments(dir)) {
      segments.add(s);
    }
    Position cp = readCheckpoint(dir);
    if (cp == null) {
      cp = new Position(segments.isEmpty() ? 1 : segments.first(), 0);
    }
    for (Long s : new ArrayList<>(segments.headSet(cp.segment()))) {
      delete(s);
    }
    this.checkpoint = cp;
    this.backlog = scanAndRepair(cp);
    outSegment = Math.max(cp.segment(), segments.isEmpty() ? 0 : segments.last()) + 1;
    out = create(outSegment);
    outOffset = 0;
  }

  /**
   * Opens (creating it if needed) the journal in {@code dir}, taking its lock so that no second
   * process appends to it.
   */
  static Journal open(Path dir, long segmentBytes) throws IOException {
    Files.createDirectories(dir);
    FileChannel lc = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lc.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      lc.close();
      throw new IOException("the outbox journal " + dir + " is in use by another process");
    }
    try {
      return new Journal(dir, segmentBytes, lc, l);
    } catch (IOException | RuntimeException e) {
      l.release();
      lc.close();
      throw e;
    }
  }

  Backlog backlog() {
    return backlog;
  }

  Position checkpoint() {
    return checkpoint;
  }

  /** Segment sizes are not forced on roll unless periodic syncing is on. */
  void forceOnRoll(boolean on) {
    this.forceOnRoll = on;
  }

  /**
   * Appends one frame and returns the position just after it. The caller serialises appends.
   * On failure the segment is cut back to where the frame began, so a later frame never follows
   * a torn one.
   */
  Position append(byte[] kind, byte[] payload) throws IOException {
    int body = 1 + kind.length + payload.length;
    int size = JournalFrames.HEADER + body;
    if (outOffset > 0 && outOffset + size > segmentBytes) {
      roll();
    }
    if (mapping && mapped(size)) {
      int at = (int) (outOffset - windowStart);
      MappedByteBuffer w = window;
      w.put(at + JournalFrames.HEADER, (byte) kind.length);
      w.put(at + JournalFrames.HEADER + 1, kind);
      w.put(at + JournalFrames.HEADER + 1 + kind.length, payload);
      crc.reset();
      crc.update(kind.length);
      crc.update(kind);
      crc.update(payload);
      w.putInt(at + 4, (int) crc.getValue());
      java.lang.invoke.VarHandle.releaseFence(); // the frame's bytes land before its length
      w.putInt(at, body); // last: a reader sees no frame until this is there
      outOffset += size;
      return new Position(outSegment, outOffset);
    }
    if (frame.capacity() < size) {
      frame = ByteBuffer.allocateDirect(Math.max(size, frame.capacity() * 2));
    }
    frame.clear();
    frame.putInt(body).putInt(0).put((byte) kind.length).put(kind).put(payload);
    frame.flip();
    crc.reset();
    crc.update(frame.duplicate().position(JournalFrames.HEADER));
    frame.putInt(4, (int) crc.getValue());
    long at = outOffset;
    try {
      while (frame.hasRemaining()) {
        at += out.write(frame, at);
      }
    } catch (IOException e) {
      try {
        out.truncate(outOffset);
      } catch (IOException ignored) {
        // the reopen scan cuts the segment at the torn frame anyway
      }
      throw e;
    }
    outOffset = at;
    return new Position(outSegment, outOffset);
  }

  /**
   * Makes [outOffset, outOffset + size) writable through {@link #window}: maps the next window when
   * this one is used up, and writes zeros ahead where the mapping has none yet. False when a
   * mapping cannot be made (then ordinary writes, for good).
   *
   * @throws IOException when the zeros cannot be written (a full disk): nothing was stored
   */
  private boolean mapped(int size) throws IOException {
    long end = outOffset + size;
    MappedByteBuffer w = window;
    if (w == null || end > windowStart + w.capacity()) {
      long length = Math.max(size, Math.min(WINDOW_BYTES, Math.max(segmentBytes - outOffset, size)));
      try {
        w = out.map(FileChannel.MapMode.READ_WRITE, outOffset, length);
      } catch (IOException | UnsupportedOperationException e) {
        LOG.warn("outbox journal {}: cannot map the segment ({}); appending with ordinary writes",
            dir, e.getMessage());
        mapping = false;
        window = null;
        return false;
      }
      window = w;
      windowStart = outOffset;
      prefilled = Math.max(prefilled, outOffset);
    }
    long windowEnd = windowStart + w.capacity();
    while (prefilled < end) {
      int n = (int) Math.min(PREFILL_BYTES, windowEnd - prefilled);
      ByteBuffer z = ZEROS.duplicate().limit(n);
      long at = prefilled;
      while (z.hasRemaining()) {
        at += out.write(z, at);
      }
      prefilled = at;
    }
    return true;
  }

  /** Where the next append goes (after every frame appended so far). */
  Position head() {
    return new Position(outSegment, outOffset);
  }

  private void roll() throws IOException {
    FileChannel old = out;
    cutToLastFrame();
    if (forceOnRoll) {
      old.force(false);
    }
    long next = outSegment + 1;
    FileChannel ch = create(next);
    out = ch;
    outSegment = next;
    outOffset = 0;
    old.close();
  }

  /**
   * Drops the mapping's window (never touched again: the pages past the cut are gone) and cuts
   * the zeros written ahead, so a finished segment ends at its last frame.
   */
  private void cutToLastFrame() throws IOException {
    window = null;
    prefilled = 0;
    if (out.size() > outOffset) {
      out.truncate(outOffset);
    }
  }

  private FileChannel create(long segment) throws IOException {
    FileChannel ch = FileChannel.open(segmentPath(segment),
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    segments.add(segment);
    return ch;
  }

  /**
   * Forces the current segment's data to disk (the writer calls it when periodic syncing is on);
   * an fdatasync writes back the pages dirtied through the mapping too.
   */
  void force() throws IOException {
    FileChannel ch = out;
    try {
      ch.force(false);
    } catch (java.nio.channels.ClosedChannelException rolled) {
      // the segment rolled meanwhile, and was forced then
    }
  }

  /**
   * Records that the database has committed everything before {@code p}, and deletes the segments
   * wholly before it.
   */
  void commit(Position p) throws IOException {
    FileChannel ch = checkpointChannel;
    if (ch == null) {
      ch = FileChannel.open(dir.resolve(CHECKPOINT), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.READ);
      checkpointChannel = ch;
    }
    // Two fixed slots, written in turn, one pwrite each: the newest readable one wins on open, so a
    // write torn by a crash costs at most the previous checkpoint (a replay the sinks skip). A
    // temp file and a rename per batch cost ~12 µs per request on ext4 (it flushes on rename).
    String body = p.segment() + " " + p.offset();
    String line = CHECKPOINT_MAGIC + " " + body + " " + crcHex(body);
    byte[] slot = new byte[CHECKPOINT_SLOT];
    java.util.Arrays.fill(slot, (byte) ' ');
    byte[] b = line.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, slot, 0, b.length);
    slot[CHECKPOINT_SLOT - 1] = '\n';
    ByteBuffer buf = ByteBuffer.wrap(slot);
    long at = (commits++ & 1) * CHECKPOINT_SLOT;
    while (buf.hasRemaining()) {
      at += ch.write(buf, at);
    }
    checkpoint = p;
    if (!segments.isEmpty() && segments.first() < p.segment()) {
      for (Long s : new ArrayList<>(segments.headSet(p.segment()))) {
        delete(s);
      }
    }
  }

  /** A reader of the frames from {@code from} on, across segments; for the writer thread only. */
  Cursor cursor(Position from) {
    return new Cursor(from);
  }

  /** Reads frames in journal order across segments. */
  final class Cursor implements AutoCloseable {
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private long segment;
    private FileChannel channel;
    private JournalFrames frames;

    private long startOffset;

    private Cursor(Position from) {
      this.segment = from.segment();
      this.startOffset = from.offset();
    }

    /** The frame after the last one read, or null when none is there (yet). */
    JournalFrames.Frame next() throws IOException {
      while (true) {
        if (frames == null && !openSegment()) {
          return null;
        }
        JournalFrames.Frame f = frames.next();
        if (f != null) {
          return f;
        }
        Long later = segments.higher(segment);
        if (later == null) {
          return null;
        }
        // A later segment exists, so this one is final; read it once more, for a frame appended
        // between the read above and the roll that created the later segment.
        f = frames.next();
        if (f != null) {
          return f;
        }
        closeSegment();
        segment = later;
        startOffset = 0;
      }
    }

    /** The segment the last frame came from. */
    long segment() {
      return segment;
    }

    private boolean openSegment() throws IOException {
      Path p = segmentPath(segment);
      if (!Files.exists(p)) {
        Long later = segments.higher(segment);
        if (later == null) {
          return false;
        }
        segment = later;
        startOffset = 0;
        p = segmentPath(segment);
      }
      channel = FileChannel.open(p, StandardOpenOption.READ);
      frames = new JournalFrames(channel, startOffset, buffer);
      return true;
    }

    private void closeSegment() throws IOException {
      if (channel != null) {
        channel.close();
      }
      channel = null;
      frames = null;
    }

    @Override
    public void close() throws IOException {
      closeSegment();
    }
  }

  private Backlog scanAndRepair(Position cp) throws IOException {
    long records = 0;
    long bytes = 0;
    long dropped = 0;
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    for (long s : new ArrayList<>(segments.tailSet(cp.segment(), true))) {
      Path p = segmentPath(s);
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        long size = ch.size();
        long start = s == cp.segment() ? Math.min(cp.offset(), size) : 0;
        JournalFrames frames = new JournalFrames(ch, start, buffer);
        while (frames.next() != null) {
          records++;
        }
        long good = frames.offset();
        bytes += good - start;
        if (good < size) {
          if (zeros(ch, good, size, buffer)) {
            LOG.debug("outbox journal {}: cut the {} zero bytes after its last record", p.getFileName(), size - good);
          } else {
            dropped += size - good;
            LOG.warn("outbox journal {}: cut {} bytes of an incomplete or damaged record at offset {}",
                p.getFileName(), size - good, good);
          }
          ch.truncate(good);
        }
      }
    }
    return new Backlog(records, bytes, dropped);
  }

  /** True when [from, to) of the file holds only zeros (what a kill leaves after the last mapped frame). */
  private static boolean zeros(FileChannel ch, long from, long to, ByteBuffer buffer) throws IOException {
    long at = from;
    while (at < to) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), to - at));
      int r = ch.read(buffer, at);
      if (r <= 0) {
        return true;
      }
      buffer.flip();
      while (buffer.remaining() >= 8) {
        if (buffer.getLong() != 0) {
          return false;
        }
      }
      while (buffer.hasRemaining()) {
        if (buffer.get() != 0) {
          return false;
        }
      }
      at += r;
    }
    return true;
  }

  private Path segmentPath(long segment) {
    return dir.resolve(String.format(Locale.ROOT, "%016d%s", segment, SUFFIX));
  }

  private void delete(long segment) throws IOException {
    Files.deleteIfExists(segmentPath(segment));
    segments.remove(segment);
  }

  private static List<Long> listSegments(Path dir) throws IOException {
    List<Long> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> {
        String n = p.getFileName().toString();
        if (n.endsWith(SUFFIX)) {
          try {
            out.add(Long.parseLong(n.substring(0, n.length() - SUFFIX.length())));
          } catch (NumberFormatException ignored) {
            // not one of ours
          }
        }
      });
    }
    out.sort(null);
    return out;
  }

  /** The checkpoint, or null when there is none or it is unreadable (then everything is replayed). */
  private static Position readCheckpoint(Path dir) {
    Path f = dir.resolve(CHECKPOINT);
    if (!Files.exists(f)) {
      return null;
    }
    try {
      // One line per slot (an older build wrote a single line): the furthest valid one.
      Position best = null;
      for (String line : Files.readString(f, StandardCharsets.US_ASCII).split("\n")) {
        String[] parts = line.trim().split(" ");
        if (parts.length == 4 && parts[0].equals(CHECKPOINT_MAGIC)
            && crcHex(parts[1] + " " + parts[2]).equals(parts[3])) {
          Position p = new Position(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
          if (best == null || p.compareTo(best) > 0) {
            best = p;
          }
        }
      }
      if (best != null) {
        return best;
      }
    } catch (IOException | RuntimeException e) {
      // fall through: replaying everything is safe, the sinks are idempotent
    }
    LOG.warn("outbox journal {}: unreadable checkpoint; replaying every segment (the sinks skip what they have)", dir);
    return null;
  }

  private static String crcHex(String s) {
    CRC32C c = new CRC32C();
    c.update(s.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(c.getValue());
  }

  @Override
  public void close() throws IOException {
    try {
      try {
        cutToLastFrame();
      } finally {
        out.close();
      }
      if (checkpointChannel != null) {
        checkpointChannel.close();
      }
    } finally {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }
}
