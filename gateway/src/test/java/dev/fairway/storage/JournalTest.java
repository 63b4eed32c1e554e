package dev.fairway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's files: frames appended through the mapping, what a kill leaves, how segments end. */
class JournalTest {
  private static final byte[] KIND = "probe".getBytes(StandardCharsets.UTF_8);
  @TempDir
  Path temp;

  private static byte[] payload(int i) {
    return ("record-" + i + "-" + "x".repeat(i % 97)).getBytes(StandardCharsets.UTF_8);
  }

  /** Every frame of one segment file, and the offset where reading them stopped. */
  private static List<String> frames(Path segment, long[] stoppedAt) throws IOException {
    List<String> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
      JournalFrames frames = new JournalFrames(ch, 0, ByteBuffer.allocate(1 << 16));
      for (JournalFrames.Frame f = frames.next(); f != null; f = frames.next()) {
        out.add(new String(f.payload(), StandardCharsets.UTF_8));
      }
      stoppedAt[0] = frames.offset();
    }
    return out;
  }

  @Test
  void aSegmentEndsAtItsLastFrameWhenItRollsAndWhenTheJournalCloses() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("j"));
    try (Journal j = Journal.open(dir, 16 << 10)) {
      for (int i = 0; i < 2_000; i++) {
        j.append(KIND, payload(i));
      }
    }

    List<Path> segments = OutboxTest.segments(dir);
    assertThat(segments).hasSizeGreaterThan(3);
    List<String> all = new ArrayList<>();
    for (Path s : segments) {
      long[] stopped = new long[1];
      all.addAll(frames(s, stopped));
      assertThat(stopped[0]).as("no zeros after the last frame of %s", s.getFileName()).isEqualTo(Files.size(s));
    }
    assertThat(all).hasSize(2_000).first().isEqualTo("record-0-");
    assertThat(all.getLast()).isEqualTo(new String(payload(1_999), StandardCharsets.UTF_8));
  }

  @Test
  void whatAKilledProcessLeftIsReadBackWholeAndItsZeroTailIsNotCountedAsDamage() throws Exception {
    Path live = Files.createDirectory(temp.resolve("live"));
    Path killed = Files.createDirectory(temp.resolve("killed"));
    try (Journal j = Journal.open(live, 1 << 20)) {
      for (int i = 0; i < 500; i++) {
        j.append(KIND, payload(i));
      }
      // The files as a kill leaves them: the frames in the page cache, the zeros written ahead
      // of the appends still after them, no cut.
      for (Path p : OutboxTest.segments(live)) {
        Files.copy(p, killed.resolve(p.getFileName()));
      }
      assertThat(Files.size(OutboxTest.segments(killed).getLast())).isGreaterThan(j.head().offset());
    }

    try (Journal reopened = Journal.open(killed, 1 << 20)) {
      assertThat(reopened.backlog().records()).isEqualTo(500);
      assertThat(reopened.backlog().droppedBytes()).isZero();
      List<String> read = new ArrayList<>();
      try (Journal.Cursor c = reopened.cursor(reopened.checkpoint())) {
        for (JournalFrames.Frame f = c.next(); f != null; f = c.next()) {
          read.add(new String(f.payload(), StandardCharsets.UTF_8));
        }
      }
      assertThat(read).hasSize(500).last().isEqualTo(new String(payload(499), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aReaderFollowingTheLiveSegmentSeesEachFrameOnceItIsAppended() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("follow"));
    try (Journal j = Journal.open(dir, 1 << 20)) {
      try (Journal.Cursor c = j.cursor(j.head())) {
        assertThat(c.next()).as("nothing yet, only zeros ahead").isNull();
        for (int i = 0; i < 300; i++) {
          j.append(KIND, payload(i));
          JournalFrames.Frame f = c.next();
          assertThat(f).isNotNull();
          assertThat(f.payload()).isEqualTo(payload(i));
          if (i % 2 == 0) {
            // half the time the next frame is appended right after this one was read, so the
            // reader holds the zeros that were there at the time
            assertThat(c.next()).isNull();
          }
        }
      }
    }
  }
}
