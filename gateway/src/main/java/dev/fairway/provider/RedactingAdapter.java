package dev.fairway.provider;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.GatewayError;
import dev.fairway.api.StreamEvent;
import dev.fairway.catalog.Deployment;
import io.vertx.core.Future;

/**
 * The one place every provider failure passes on its way to dispatch (and so to clients, logs and
 * listeners): plain failures, failures before a stream starts, and errors in the middle of a
 * stream, for every protocol. Each is redacted by the gateway's {@link Redactor}.
 */
class RedactingAdapter implements ProviderAdapter {
  final ProviderAdapter inner;
  final Redactor redactor;

  private RedactingAdapter(ProviderAdapter inner, Redactor redactor) {
    this.inner = inner;
    this.redactor = redactor;
  }

  /** Wraps {@code inner}, keeping its optional token counting. */
  static ProviderAdapter wrap(ProviderAdapter inner, Redactor redactor) {
    return inner instanceof TokenCounter ? new Counting(inner, redactor) : new RedactingAdapter(inner, redactor);
  }

  /** An adapter that also counts tokens; its failures are redacted too. */
  private static final class Counting extends RedactingAdapter implements TokenCounter {
    Counting(ProviderAdapter inner, Redactor redactor) {
      super(inner, redactor);
    }

    @Override
    public Future<Long> countTokens(ChatRequest request, Deployment deployment, CallControl control) {
      return ((TokenCounter) inner).countTokens(request, deployment, control)
          .recover(t -> Future.failedFuture(redact(t)));
    }
  }

  @Override
  public Future<ChatResponse> complete(ChatRequest request, Deployment deployment, CallControl control) {
    return inner.complete(request, deployment, control).recover(t -> Future.failedFuture(redact(t)));
  }

  @Override
  public Future<EventSource> stream(ChatRequest request, Deployment deployment, CallControl control) {
    return inner.stream(request, deployment, control)
        .<EventSource>map(source -> new Source(source, redactor))
        .recover(t -> Future.failedFuture(redact(t)));
  }

  Throwable redact(Throwable t) {
    return t instanceof GatewayError g ? redactor.redact(g) : t;
  }

  private record Source(EventSource inner, Redactor redactor) implements EventSource {
    @Override
    public void start(EventSink sink) {
      inner.start(new EventSink() {
        @Override
        public void onEvent(StreamEvent event) {
          sink.onEvent(event);
        }

        @Override
        public void onComplete() {
          sink.onComplete();
        }

        @Override
        public void onError(GatewayError error) {
          sink.onError(error == null ? null : redactor.redact(error));
        }
      });
    }

    @Override
    public void pause() {
      inner.pause();
    }

    @Override
    public void resume() {
      inner.resume();
    }

    @Override
    public void cancel() {
      inner.cancel();
    }
  }
}
