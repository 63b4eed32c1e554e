package dev.fairway.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.api.GatewayError;
import dev.fairway.api.StreamEvent;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The binary event-stream framing survives however TCP cuts it, and says so when it cannot. */
class EventStreamDecoderTest {
  final byte[] body = EventStreamFixtures.frames(BedrockTranslationTest.golden("stream-tool-use.events.json"));
  final List<StreamEvent> whole = EventStreamFixtures.decode(body, new int[] {body.length}, null);

  @Test
  void decodesTheSameEventsAtEverySplitPoint() {
    for (int cut = 1; cut < body.length; cut++) {
      assertThat(EventStreamFixtures.decode(body, new int[] {cut, body.length}, null)).as("cut at %d", cut)
          .isEqualTo(whole);
    }
  }

  @Test
  void decodesTheSameEventsOneByteAtATime() {
    int[] ones = new int[body.length];
    Arrays.fill(ones, 1);
    assertThat(EventStreamFixtures.decode(body, ones, null)).isEqualTo(whole);
  }

  @Test
  void decodesTheSameEventsInRandomChunks() {
    SplittableRandom random = new SplittableRandom(7);
    for (int run = 0; run < 200; run++) {
      int[] sizes = random.ints(64, 1, 97).toArray();
      assertThat(EventStreamFixtures.decode(body, sizes, null)).as("run %d", run).isEqualTo(whole);
    }
  }

  @Test
  void aStreamCutMidFrameIsTruncatedNotComplete() {
    byte[] cut = Arrays.copyOf(body, body.length / 2);

    assertThatThrownBy(() -> EventStreamFixtures.decode(cut, new int[] {cut.length}, null))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.wireCode()).isEqualTo("upstream_stream_truncated");
          assertThat(e.retryable()).isTrue();
        });
  }

  @Test
  void aCorruptedFrameIsMalformedAndEarlierFramesStillCount() {
    byte[] corrupt = body.clone();
    int second = frameLength(body, 0);
    corrupt[second + 20] ^= 0x40; // inside the second frame's headers: its CRC no longer matches
    List<StreamEvent> seen = new java.util.ArrayList<>();

    assertThatThrownBy(() -> EventStreamFixtures.decode(corrupt, new int[] {corrupt.length}, seen))
        .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.wireCode()).isEqualTo("upstream_malformed"));
    assertThat(seen).containsExactly(whole.get(0));
  }

  private static int frameLength(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
  }
}
