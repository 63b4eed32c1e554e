package dev.fairway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One generator per thread, document after document: each document's bytes alone, whatever came before. */
class JsonBytesTest {
  private final JsonBytes json = new JsonBytes(new JsonFactory(), 16);

  @Test
  void eachDocumentIsItsOwnBytesWithNothingBetweenThem() {
    for (int i = 0; i < 3; i++) {
      int n = i;
      assertThat(text(json.write(g -> {
        g.writeStartObject();
        g.writeNumberField("n", n);
        g.writeStringField("s", "x".repeat(40 * n)); // beyond the first buffer's 16 bytes
        g.writeEndObject();
      }))).isEqualTo("{\"n\":" + n + ",\"s\":\"" + "x".repeat(40 * n) + "\"}");
    }
  }

  @Test
  void aDocumentThatFailsHalfWayLeavesNothingInTheNext() {
    assertThatThrownBy(() -> json.write(g -> {
      g.writeStartObject();
      g.writeStringField("half", "way");
      throw new IllegalStateException("broken mid-document");
    })).isInstanceOf(IllegalStateException.class).hasMessage("broken mid-document");

    assertThat(text(json.write(g -> {
      g.writeStartArray();
      g.writeEndArray();
    }))).isEqualTo("[]");
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
