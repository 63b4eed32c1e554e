package dev.fairway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.StreamEvent;
import dev.fairway.provider.Json;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/** Builds ConverseStream bodies with the AWS event-stream library, and decodes them in given chunks. */
final class EventStreamFixtures {
  private EventStreamFixtures() {}

  /** The frames of a JSON list of {@code {"event": type, "payload": {...}}}. */
  static byte[] frames(String eventsJson) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (JsonNode e : Json.CAMEL.readTree(eventsJson)) {
        out.write(frame(e.path("event").asText(), "event", e.path("payload").toString()));
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] exceptionAfterStart(String exceptionType, String payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(frame("messageStart", "event", "{\"role\":\"assistant\"}"));
    out.writeBytes(frame(exceptionType, "exception", payload));
    return out.toByteArray();
  }

  static byte[] frame(String type, String messageType, String payload) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(messageType.equals("exception") ? ":exception-type" : ":event-type", HeaderValue.fromString(type));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString(messageType));
    ByteBuffer bb = new Message(h, payload.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
    byte[] b = new byte[bb.remaining()];
    bb.get(b);
    return b;
  }

  /**
   * Feeds {@code bytes} to a fresh decoder in chunks of the given sizes (the last chunk takes the
   * rest) and returns the events; {@code seen}, when given, collects events even if decoding throws.
   */
  static List<StreamEvent> decode(byte[] bytes, int[] chunkSizes, List<StreamEvent> seen) {
    List<StreamEvent> out = seen != null ? seen : new ArrayList<>();
    BedrockRequests.Prepared call = new BedrockRequests.Prepared(null, null, List.of());
    EventStreamDecoder d = new EventStreamDecoder(
        new BedrockStreams.Decoder("req-1", BedrockTranslationTest.NOVA, 1700000000, call, "bedrock"), "bedrock");
    int at = 0;
    for (int i = 0; i < chunkSizes.length && at < bytes.length; i++) {
      int n = i == chunkSizes.length - 1 ? bytes.length - at : Math.min(chunkSizes[i], bytes.length - at);
      d.feed(Buffer.buffer().appendBytes(bytes, at, n), out::add);
      at += n;
    }
    if (d.atEnd() != null) {
      throw d.atEnd();
    }
    return out;
  }
}
