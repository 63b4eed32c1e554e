package dev.fairway.provider;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The shared part of every Server-Sent-Events protocol's {@link HttpEventSource.BodyDecoder}: the
 * SSE framing, and delivery of what decoded cleanly even when a later event in the same bytes was
 * an error. A protocol supplies how one event's data becomes canonical events, and when a stream
 * that ended was complete.
 */
public abstract class SseBodyDecoder implements HttpEventSource.BodyDecoder {
  /** Largest single event accepted; a provider sending more is broken, not chatty. */
  public static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

  protected final String provider;
  private final SseParser parser;
  private final List<StreamEvent> pending = new ArrayList<>(4);

  // The parser calls back only from feed(), never during construction.
  @SuppressWarnings("this-escape")
  protected SseBodyDecoder(String provider) {
    this.provider = provider;
    this.parser = new SseParser((type, data) -> onEvent(type, data, pending), MAX_EVENT_BYTES);
  }

  /** Decodes one SSE event into {@code out}; throws a GatewayError for an error event or bad data. */
  protected abstract void onEvent(String type, String data, List<StreamEvent> out);

  @Override
  public final void feed(Buffer bytes, Consumer<StreamEvent> out) {
    try {
      parser.feed(bytes);
    } finally {
      for (StreamEvent e : pending) {
        out.accept(e);
      }
      pending.clear();
    }
  }

  /** True when the body ended inside an event (the connection was cut mid-event). */
  protected boolean hasPartialEvent() {
    return parser.hasPartialEvent();
  }

  protected GatewayError malformed(String what) {
    return GatewayError.upstream(ErrorKind.UPSTREAM, "provider '" + provider + "' sent a malformed " + what)
        .withReason(Reason.UPSTREAM_MALFORMED);
  }

  protected GatewayError truncated() {
    return GatewayError.upstream(ErrorKind.CONNECTION,
        "provider '" + provider + "' stream ended before it was complete")
        .withUpstream(0, "upstream_stream_truncated");
  }
}
