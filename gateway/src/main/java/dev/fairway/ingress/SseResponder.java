package dev.fairway.ingress;

import dev.fairway.api.GatewayError;
import dev.fairway.api.StreamEvent;
import dev.fairway.metering.Pricing;
import dev.fairway.pipeline.Finished;
import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.provider.EventSink;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a canonical event stream to a client as Server-Sent Events in the client's protocol.
 * A full socket pauses the upstream; a closed socket cancels it. The request ends exactly once:
 * as the stream's last bytes are written (with the {@code x-fairway-cost-usd} trailer: what every
 * attempt cost), or when the client goes away (charged what was streamed).
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
  private final Outcome.Streaming stream;
  private final RequestContext ctx;
  private boolean closed;

  public SseResponder(HttpServerResponse response, Framing framing, Outcome.Streaming stream, RequestContext ctx) {
    this.response = response;
    this.framing = framing;
    this.stream = stream;
    this.ctx = ctx;
    response.closeHandler(v -> {
      if (!closed) {
        closed = true;
        ctx.clientDisconnected();
        stream.events().cancel(); // reports the attempt's partial usage before the request ends
        ctx.finish(Finished.Result.CLIENT_GONE, 499, stream, ctx.clientGone().reason());
      }
    });
    response.drainHandler(v -> stream.events().resume());
  }

  public void start() {
    stream.events().start(this);
  }

  @Override
  public void onEvent(StreamEvent e) {
    if (closed) {
      return;
    }
    Buffer out = Buffer.buffer(256);
    framing.event(e, out);
    if (out.length() > 0) {
      response.write(out);
      if (response.writeQueueFull()) {
        stream.events().pause();
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
    finish(out, null);
  }

  @Override
  public void onError(GatewayError error) {
    if (closed) {
      return;
    }
    Buffer out = Buffer.buffer(256);
    framing.error(error, out);
    finish(out, error);
  }

  private void finish(Buffer out, GatewayError error) {
    closed = true;
    response.trailers().set(FairwayHeaders.COST, Pricing.format(ctx.costSoFar()));
    ctx.finish(Finished.Result.STREAMED, 200, stream, error);
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
