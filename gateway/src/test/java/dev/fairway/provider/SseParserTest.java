package dev.fairway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  final List<String> events = new ArrayList<>();
  final SseParser parser = new SseParser((type, data) -> events.add((type == null ? "" : type + "|") + data), 1024);

  @Test
  void dispatchesEventsOnBlankLines() {
    parser.feed(Buffer.buffer("data: {\"a\":1}\n\ndata: [DONE]\n\n"));
    assertThat(events).containsExactly("{\"a\":1}", "[DONE]");
  }

  @Test
  void handlesEventsSplitAcrossBuffersAndCrLf() {
    for (String piece : new String[] {"event: mess", "age_start\r", "\ndata: {\"x\"", ":2}\r\n", "\r\n"}) {
      parser.feed(Buffer.buffer(piece));
    }
    assertThat(events).containsExactly("message_start|{\"x\":2}");
  }

  @Test
  void joinsMultiLineDataAndIgnoresCommentsAndIds() {
    parser.feed(Buffer.buffer(": keep-alive\nid: 7\nretry: 10\ndata: one\ndata:two\n\n"));
    assertThat(events).containsExactly("one\ntwo");
  }

  @Test
  void skipsAByteOrderMarkAndBareCarriageReturns() {
    parser.feed(Buffer.buffer(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}).appendString("data: a\r\rdata: b\r\r"));
    assertThat(events).containsExactly("a", "b");
  }

  @Test
  void decodesMultiByteUtf8SplitAcrossBuffers() {
    byte[] bytes = "data: héllo ☃\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    parser.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, 0, 9)));
    parser.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, 9, bytes.length)));
    assertThat(events).containsExactly("héllo ☃");
  }

  @Test
  void knowsWhenAnEventIsUnfinished() {
    parser.feed(Buffer.buffer("data: partial"));
    assertThat(parser.hasPartialEvent()).isTrue();
    parser.feed(Buffer.buffer("\n\n"));
    assertThat(parser.hasPartialEvent()).isFalse();
  }

  @Test
  void refusesAnEventLargerThanItsLimit() {
    assertThatThrownBy(() -> parser.feed(Buffer.buffer("data: " + "x".repeat(2000) + "\n\n")))
        .isInstanceOf(IllegalStateException.class);
  }
}
