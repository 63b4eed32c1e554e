package dev.fairway.dispatch;

import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.Usage;
import dev.fairway.metering.PromptTokens;
import dev.fairway.pipeline.Attempt;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.EventSink;
import dev.fairway.provider.EventSource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One streamed attempt, in two phases. While priming, events are held back until the first
 * content token, so a failure before it can still fall back to another model unseen by the client.
 * Once primed, it is the {@link EventSource} the client reads: the held events first, then the
 * live ones. It reports the attempt's end to the request with its usage: the provider's when it
 * reported one, else an estimate (the prompt's, plus the BPE count of what was streamed), flagged
 * as estimated.
 */
final class StreamAttempt implements EventSink, EventSource {
  private final EventSource upstream;
  private final CallControl control;
  private final Attempt attempt;
  private final RequestContext ctx;
  private final Runnable onEnd;
  private final long inputEstimate;
  private final Promise<Void> primed = Promise.promise();
  private final ArrayDeque<StreamEvent> held = new ArrayDeque<>(4);
  /** What was streamed, kept by reference, counted only if the provider never reports usage. */
  private List<String> streamed;

  private EventSink downstream;
  private boolean ended;
  private GatewayError endError;
  private boolean endDelivered;
  private boolean sawContent;
  private Usage usage;

  /**
   * @param inputEstimate prompt tokens to meter if the stream fails before the provider reports usage
   */
  StreamAttempt(EventSource upstream, CallControl control, Attempt attempt, RequestContext ctx, Runnable onEnd,
      long inputEstimate) {
    this.upstream = upstream;
    this.control = control;
    this.attempt = attempt;
    this.ctx = ctx;
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
      case StreamEvent.TextDelta t -> keep(t.text());
      case StreamEvent.ToolCallDelta d -> keep(d.argumentsFragment());
      case StreamEvent.ReasoningDelta r -> keep(r.text());
      default -> { }
    }
    if (!sawContent && e.isContent()) {
      sawContent = true;
      ctx.firstToken(attempt, ctx.ticker().getAsLong() - attempt.startNanos());
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

  private void keep(String s) {
    if (s != null && !s.isEmpty() && usage == null) {
      if (streamed == null) {
        streamed = new ArrayList<>(64);
      }
      streamed.add(s);
    }
  }

  @Override
  public void onComplete() {
    if (ended) {
      return;
    }
    ended = true;
    onEnd.run();
    ctx.attemptSucceeded(attempt, usageSoFar(), usage == null, ctx.ticker().getAsLong() - attempt.startNanos());
    primed.tryComplete();
    deliverEnd();
  }

  @Override
  public void onError(GatewayError error) {
    if (ended) {
      return;
    }
    ended = true;
    endError = error == null ? GatewayError.of(dev.fairway.api.ErrorKind.UPSTREAM, "stream failed") : error;
    onEnd.run();
    ctx.attemptFailed(attempt, endError, usageSoFar(), usage == null, ctx.ticker().getAsLong() - attempt.startNanos());
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
    long out = 0;
    if (streamed != null) {
      StringBuilder sb = new StringBuilder();
      streamed.forEach(sb::append);
      out = PromptTokens.textTokens(sb);
    }
    return Usage.of(inputEstimate, out);
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

  /** The client went away: abandon the upstream call (its partial usage is reported at once). */
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
