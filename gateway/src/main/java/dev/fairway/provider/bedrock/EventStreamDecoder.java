package dev.fairway.provider.bedrock;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.StreamEvent;
import dev.fairway.provider.HttpEventSource;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * A ConverseStream body ({@code application/vnd.amazon.eventstream}) → canonical events. Each binary
 * frame is decoded and CRC-checked by the AWS event-stream library ({@link Message#decode}); this
 * class only reassembles frames across the TCP chunks they arrive in. (The library's own
 * {@code MessageDecoder} would do that too, but allocates a 2 MiB buffer per stream, which at a
 * few thousand concurrent streams is gigabytes.) Each frame is an event ({@code :message-type
 * event}, named by {@code :event-type}), an exception ({@code :exception-type}), or an error
 * ({@code :error-code}).
 */
public final class EventStreamDecoder implements HttpEventSource.BodyDecoder {
  /** Prelude (12) + message CRC (4): the smallest frame. */
  private static final int MIN_FRAME = 16;
  /** The format's limits: 24 MiB of payload and 128 KiB of headers. */
  private static final int MAX_FRAME = 24 * 1024 * 1024 + 128 * 1024 + MIN_FRAME;

  private final BedrockStreams.Decoder events;
  private final String provider;
  private final List<StreamEvent> pending = new ArrayList<>(8);
  private byte[] partial = new byte[0]; // bytes of an incomplete frame, carried to the next chunk
  private int partialLength;

  public EventStreamDecoder(BedrockStreams.Decoder events, String provider) {
    this.events = events;
    this.provider = provider;
  }

  @Override
  public void feed(Buffer bytes, Consumer<StreamEvent> out) {
    try {
      byte[] in;
      int length;
      if (partialLength == 0) {
        in = bytes.getBytes();
        length = in.length;
      } else {
        ensure(partialLength + bytes.length());
        bytes.getBytes(partial, partialLength);
        in = partial;
        length = partialLength + bytes.length();
      }
      int at = 0;
      while (length - at >= 4) {
        int total = ((in[at] & 0xFF) << 24) | ((in[at + 1] & 0xFF) << 16) | ((in[at + 2] & 0xFF) << 8) | (in[at + 3] & 0xFF);
        if (total < MIN_FRAME || total > MAX_FRAME) {
          throw malformed();
        }
        if (length - at < total) {
          break;
        }
        Message m;
        try {
          m = Message.decode(ByteBuffer.wrap(in, at, total));
        } catch (RuntimeException badFrame) {
          throw malformed(); // a bad prelude or message CRC: the stream is corrupt from here on
        }
        at += total;
        frame(m);
      }
      int rest = length - at;
      if (rest > 0 && in != partial) {
        ensure(rest);
      }
      if (rest > 0) {
        System.arraycopy(in, at, partial, 0, rest);
      }
      partialLength = rest;
    } finally {
      // Deliver what decoded cleanly even when a later frame in the same bytes was an error.
      for (StreamEvent e : pending) {
        out.accept(e);
      }
      pending.clear();
    }
  }

  private void ensure(int capacity) {
    if (partial.length < capacity) {
      partial = Arrays.copyOf(partial, Math.max(capacity, Math.min(MAX_FRAME, partial.length * 2)));
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
    if (events.finished() && partialLength == 0 || events.complete()) {
      return null; // a clean end after messageStop loses at most the metadata (usage), not the answer
    }
    return GatewayError.upstream(ErrorKind.CONNECTION,
        "provider '" + provider + "' stream ended before it was complete")
        .withUpstream(0, "upstream_stream_truncated");
  }

  private GatewayError malformed() {
    return GatewayError.upstream(ErrorKind.UPSTREAM, "provider '" + provider + "' sent a malformed event stream")
        .withReason(Reason.UPSTREAM_MALFORMED);
  }
}
