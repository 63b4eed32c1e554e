package dev.fairway.dispatch;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.Usage;
import dev.fairway.pipeline.Attempt;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.EventSink;
import dev.fairway.provider.EventSource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * One streamed attempt, in two phases. While priming, events are held back until the first
 * content token, so a failure before it can still fall back to another model unseen by the client.
 * Once primed, it is the {@link EventSource} the client reads: the held events first, then the
 * live ones. It also reports the attempt's outcome and usage, partial usage included.
 */
final class StreamAttempt implements EventSink, EventSource {
  private final EventSource upstream;
  private final CallControl control;
  private final Attempt attempt;
  private final CallEvents events;
  private final LongSupplier ticker;
  private final Runnable onEnd;
  private final long inputEstimate;
  private final Promise<Void> primed = Promise.promise();
  private final ArrayDeque<StreamEvent> held = new ArrayDeque<>(4);

  private EventSink downstream;
  private boolean ended;
  private GatewayError endError;
  private boolean endDelivered;
  private boolean sawContent;
  private Usage usage;
  private long outputChars;

  /**
   * @param inputEstimate prompt tokens to meter if the stream fails before the provider reports usage
   */
  StreamAttempt(EventSource upstream, CallControl control, Attempt attempt, CallEvents events, LongSupplier ticker,
      Runnable onEnd, long inputEstimate) {
    this.upstream = upstream;
    this.control = control;
    this.attempt = attempt;
    this.events = events;
    this.ticker = ticker;
    this.onEnd = onEnd;
    this.inputEstimate = inputEstimate;
    // A deadline or a client disconnect aborts the upstream silently; tell whoever reads.
    control.onCancel(() -> onError(control.reason()));
    upstream.start(this);
  }

  /** Completes at the first content token (or at a clean end); fails if the stream fails before. */
  Future<Void> primed() {
    return primed.future();
  }

  // ------------------------------------------------------------ from upstream

  @Override
  public void onEvent(StreamEvent e) {
    if (ended) {
      return;
    }
    switch (e) {
      case StreamEvent.UsageReported u -> usage = u.usage();
      case StreamEvent.TextDelta t -> outputChars += t.text().length();
      case StreamEvent.ToolCallDelta d -> outputChars += d.argumentsFragment().length();
      case StreamEvent.ReasoningDelta r -> outputChars += r.text() == null ? 0 : r.text().length();
      default -> { }
    }
    if (!sawContent && e.isContent()) {
      sawContent = true;
      events.firstToken(attempt, ticker.getAsLong() - attempt.startNanos());
    }
    if (downstream != null && held.isEmpty()) {
      downstream.onEvent(e);
      return;
    }
    held.add(e);
    if (!primed.future().isComplete() && (e.isContent() || e instanceof StreamEvent.Finished)) {
      upstream.pause(); // nobody reads until ingress starts us
      primed.tryComplete();
    }
  }

  @Override
  public void onComplete() {
    if (ended) {
      return;
    }
    ended = true;
    onEnd.run();
    events.attemptSucceeded(attempt, usageSoFar(), ticker.getAsLong() - attempt.startNanos());
    primed.tryComplete();
    deliverEnd();
  }

  @Override
  public void onError(GatewayError error) {
    if (ended) {
      return;
    }
    ended = true;
    endError = error == null ? GatewayError.of(ErrorKind.UPSTREAM, "stream failed") : error;
    onEnd.run();
    events.attemptFailed(attempt, endError, usageSoFar(), ticker.getAsLong() - attempt.startNanos());
    if (!primed.future().isComplete()) {
      primed.fail(endError); // nothing reached the client: the dispatcher may fall back
      return;
    }
    deliverEnd();
  }

  /** What the provider reported, or, when it did not get that far, an estimate of what was consumed. */
  private Usage usageSoFar() {
    if (usage != null) {
      return usage;
    }
    return sawContent || outputChars > 0
        ? Usage.of(inputEstimate, dev.fairway.metering.TokenEstimate.output(outputChars))
        : Usage.of(inputEstimate, 0);
  }

  // ------------------------------------------------------------ to the client

  @Override
  public void start(EventSink sink) {
    this.downstream = sink;
    while (!held.isEmpty() && downstream != null) {
      sink.onEvent(held.poll());
    }
    if (ended) {
      deliverEnd();
    } else {
      upstream.resume();
    }
  }

  private void deliverEnd() {
    if (downstream == null || !held.isEmpty() || endDelivered) {
      return;
    }
    endDelivered = true;
    if (endError == null) {
      downstream.onComplete();
    } else {
      downstream.onError(endError);
    }
  }

  @Override
  public void pause() {
    upstream.pause();
  }

  @Override
  public void resume() {
    upstream.resume();
  }

  /** The client went away: abandon the upstream call. */
  @Override
  public void cancel() {
    cancel(GatewayError.cancelled(Reason.CLIENT_DISCONNECTED, "client disconnected"));
  }

  void cancel(GatewayError reason) {
    if (!ended) {
      control.cancel(reason);
    }
  }
}
