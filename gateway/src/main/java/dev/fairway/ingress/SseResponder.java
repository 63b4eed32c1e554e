package dev.fairway.ingress;

import dev.fairway.api.GatewayError;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.Usage;
import dev.fairway.provider.EventSink;
import dev.fairway.provider.EventSource;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Consumer;

/**
 * Writes a canonical event stream to a client as Server-Sent Events in the client's protocol.
 * A full socket pauses the upstream; a closed socket cancels it; the stream's usage is kept so the
 * caller can price it when it ends.
 */
public final class SseResponder implements EventSink {

  /** One client protocol's framing of a stream. */
  public interface Framing {
    /** Appends the bytes for one event (possibly none) to {@code out}. */
    void event(StreamEvent e, Buffer out);

    /** Appends the closing bytes of a stream that completed. */
    void complete(Buffer out);

    /** Appends the bytes of an error that ends the stream. */
    void error(GatewayError e, Buffer out);
  }

  private final HttpServerResponse response;
  private final Framing framing;
  private final EventSource source;
  private final Consumer<Usage> onDone;
  private Usage usage = Usage.ZERO;
  private boolean closed;

  public SseResponder(HttpServerResponse response, Framing framing, EventSource source, Consumer<Usage> onDone) {
    this.response = response;
    this.framing = framing;
    this.source = source;
    this.onDone = onDone;
    response.closeHandler(v -> {
      if (!closed) {
        closed = true;
        source.cancel();
      }
    });
    response.drainHandler(v -> source.resume());
  }

  public void start() {
    source.start(this);
  }

  @Override
  public void onEvent(StreamEvent e) {
    if (closed) {
      return;
    }
    if (e instanceof StreamEvent.UsageReported u) {
      usage = u.usage();
    }
    Buffer out = Buffer.buffer(256);
    framing.event(e, out);
    if (out.length() > 0) {
      response.write(out);
      if (response.writeQueueFull()) {
        source.pause();
      }
    }
  }

  @Override
  public void onComplete() {
    if (closed) {
      return;
    }
    Buffer out = Buffer.buffer(32);
    framing.complete(out);
    finish(out);
  }

  @Override
  public void onError(GatewayError error) {
    if (closed) {
      return;
    }
    Buffer out = Buffer.buffer(256);
    framing.error(error, out);
    finish(out);
  }

  private void finish(Buffer out) {
    closed = true;
    onDone.accept(usage);
    response.end(out);
  }

  /** Appends {@code data: <json>\n\n}. */
  public static void data(Buffer out, byte[] json) {
    out.appendString("data: ").appendBytes(json).appendString("\n\n");
  }

  /** Appends {@code event: <type>\ndata: <json>\n\n}. */
  public static void event(Buffer out, String type, byte[] json) {
    out.appendString("event: ").appendString(type).appendString("\ndata: ").appendBytes(json).appendString("\n\n");
  }
}
