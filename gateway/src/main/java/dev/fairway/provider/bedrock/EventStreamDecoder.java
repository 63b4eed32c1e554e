package dev.fairway.provider.bedrock;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.StreamEvent;
import dev.fairway.provider.HttpEventSource;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/**
 * A ConverseStream body ({@code application/vnd.amazon.eventstream}) → canonical events. The AWS
 * event-stream library reassembles binary frames from whatever TCP chunks arrive and checks their
 * CRCs; each frame is an event ({@code :message-type event}, named by {@code :event-type}), an
 * exception ({@code :exception-type}), or an error ({@code :error-code}).
 */
public final class EventStreamDecoder implements HttpEventSource.BodyDecoder {
  private final BedrockStreams.Decoder events;
  private final String provider;
  private final List<Message> frames = new ArrayList<>(8);
  private final MessageDecoder framing = new MessageDecoder(frames::add);
  private final List<StreamEvent> pending = new ArrayList<>(8);

  public EventStreamDecoder(BedrockStreams.Decoder events, String provider) {
    this.events = events;
    this.provider = provider;
  }

  @Override
  public void feed(Buffer bytes, Consumer<StreamEvent> out) {
    try {
      try {
        framing.feed(bytes.getBytes());
      } catch (IllegalArgumentException | IllegalStateException | java.nio.BufferUnderflowException e) {
        // A bad prelude or CRC: the stream is corrupt from here on. Frames decoded before still count.
        drain();
        throw malformed();
      }
      drain();
    } finally {
      for (StreamEvent e : pending) {
        out.accept(e);
      }
      pending.clear();
    }
  }

  private void drain() {
    try {
      for (Message m : frames) {
        frame(m);
      }
    } finally {
      frames.clear();
    }
  }

  private void frame(Message m) {
    String type = header(m, ":message-type");
    if (type == null || type.equals("event")) {
      String eventType = header(m, ":event-type");
      if (eventType == null) {
        throw malformed();
      }
      events.decode(eventType, m.getPayload(), pending::add);
    } else if (type.equals("exception")) {
      throw BedrockErrors.fromStreamException(header(m, ":exception-type"), m.getPayload(), provider);
    } else if (type.equals("error")) {
      String code = header(m, ":error-code");
      String message = header(m, ":error-message");
      throw BedrockErrors.fromStreamException(code, message == null ? null
          : ("{\"message\":" + dev.fairway.provider.Json.NODES.textNode(message) + "}").getBytes(StandardCharsets.UTF_8),
          provider);
    }
  }

  private static String header(Message m, String name) {
    HeaderValue v = m.getHeaders().get(name);
    return v == null ? null : v.getString();
  }

  @Override
  public GatewayError atEnd() {
    if (events.finished()) {
      return null; // a cut after messageStop loses only the metadata (usage), not the answer
    }
    return new GatewayError(ErrorKind.CONNECTION, "provider '" + provider + "' stream ended before it was complete",
        null, "upstream_stream_truncated", null, 0);
  }

  private GatewayError malformed() {
    return new GatewayError(ErrorKind.UPSTREAM, "provider '" + provider + "' sent a malformed event stream", null,
        "upstream_malformed", null, 0);
  }
}
