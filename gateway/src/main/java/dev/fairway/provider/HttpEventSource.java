package dev.fairway.provider;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.StreamEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.function.Consumer;

/**
 * An {@link EventSource} over a streaming HTTP response: bytes go through a protocol's
 * {@link BodyDecoder} and come out as canonical events. Pausing pauses the socket, so a slow client
 * slows the provider instead of filling memory.
 */
public final class HttpEventSource implements EventSource {

  /** Turns one protocol's streamed body (SSE, AWS event-stream...) into canonical events. */
  public interface BodyDecoder {
    /** Decodes the next bytes; throws GatewayError for an error event or a malformed stream. */
    void feed(Buffer bytes, Consumer<StreamEvent> out);

    /** Called when the body ends; null if the stream was complete, else why it was not. */
    GatewayError atEnd();
  }

  private final HttpClientResponse response;
  private final BodyDecoder decoder;
  private final CallControl control;
  private final String provider;
  private EventSink sink;
  private boolean done;
  private IdleWatch idle;

  public HttpEventSource(HttpClientResponse response, BodyDecoder decoder, CallControl control, String provider) {
    this.response = response;
    this.decoder = decoder;
    this.control = control;
    this.provider = provider;
    response.pause();
    control.onCancel(this::abort);
  }

  /** Fails the stream when the provider goes silent (see {@link UpstreamHttp#events}); before {@link #start}. */
  void watchIdle(IdleWatch watch) {
    this.idle = watch;
  }

  /** The provider was silent too long: the attempt fails (and may be retried before the first token). */
  void timedOut(GatewayError e) {
    if (!done) {
      fail(e);
      abort();
    }
  }

  @Override
  public void start(EventSink s) {
    this.sink = s;
    if (idle != null) {
      idle.start();
    }
    response.handler(this::onBytes);
    response.exceptionHandler(t -> fail(control.isCancelled() ? control.reason()
        : GatewayError.upstream(ErrorKind.CONNECTION, "provider '" + provider + "' connection broke mid-stream")
            .withUpstream(0, "upstream_stream_broken")));
    response.endHandler(v -> {
      if (done) {
        return;
      }
      GatewayError incomplete = decoder.atEnd();
      if (incomplete != null) {
        fail(incomplete);
      } else {
        done = true;
        stopWatch();
        sink.onComplete();
      }
    });
    response.resume();
  }

  private void onBytes(Buffer b) {
    if (done) {
      return;
    }
    if (idle != null) {
      idle.activity();
    }
    try {
      decoder.feed(b, e -> {
        if (!done) {
          sink.onEvent(e);
        }
      });
    } catch (GatewayError e) {
      fail(e);
      abort();
    } catch (RuntimeException e) {
      fail(GatewayError.upstream(ErrorKind.UPSTREAM, "provider '" + provider + "' sent a malformed stream")
          .withReason(Reason.UPSTREAM_MALFORMED));
      abort();
    }
  }

  private void fail(GatewayError e) {
    if (!done) {
      done = true;
      stopWatch();
      sink.onError(e);
    }
  }

  private void abort() {
    done = true;
    stopWatch();
    response.request().reset();
  }

  private void stopWatch() {
    if (idle != null) {
      idle.stop();
    }
  }

  @Override
  public void pause() {
    response.pause();
    if (idle != null) {
      idle.pause();
    }
  }

  @Override
  public void resume() {
    response.resume();
    if (idle != null) {
      idle.resume();
    }
  }

  @Override
  public void cancel() {
    if (!done) {
      done = true;
      stopWatch();
      response.request().reset();
    }
  }
}
