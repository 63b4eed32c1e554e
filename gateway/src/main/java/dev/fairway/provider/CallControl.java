package dev.fairway.provider;

import dev.fairway.api.GatewayError;
import java.util.ArrayList;
import java.util.List;

/**
 * Cancels one upstream call from outside (deadline passed, client gone, a hedge won). The adapter
 * registers how to abort its call; whoever owns the call decides when. Used on one event loop.
 */
public final class CallControl {
  private List<Runnable> onCancel;
  private GatewayError cancelledWith;
  private java.util.function.Consumer<RateLimits> rateLimitObserver;
  private java.time.Duration headersTimeout;
  private java.time.Duration idleTimeout;

  /**
   * Time limits the transport enforces on this call, each failing the attempt with a timeout so
   * that dispatch may retry before the first token: {@code headers}, for the provider's response
   * headers (null: none, as for non-streamed calls, whose headers come with the whole answer);
   * {@code idle}, for silence between two chunks of the response body (null: none).
   */
  public CallControl timeouts(java.time.Duration headers, java.time.Duration idle) {
    this.headersTimeout = headers;
    this.idleTimeout = idle;
    return this;
  }

  /** The response-header limit, or null. */
  public java.time.Duration headersTimeout() {
    return headersTimeout;
  }

  /** The limit on silence between body chunks, or null. */
  public java.time.Duration idleTimeout() {
    return idleTimeout;
  }

  /** Whoever owns the call wants to hear what the provider says about its rate limits. */
  public void onRateLimits(java.util.function.Consumer<RateLimits> observer) {
    this.rateLimitObserver = observer;
  }

  /** Called by the transport when a response carries rate-limit headers. */
  public void rateLimits(RateLimits limits) {
    if (limits != null && rateLimitObserver != null) {
      rateLimitObserver.accept(limits);
    }
  }

  /** Registers an abort action; runs at once if the call is already cancelled. */
  public void onCancel(Runnable action) {
    if (cancelledWith != null) {
      action.run();
      return;
    }
    if (onCancel == null) {
      onCancel = new ArrayList<>(2);
    }
    onCancel.add(action);
  }

  /** Cancels the call; the first reason wins. */
  public void cancel(GatewayError reason) {
    if (cancelledWith != null) {
      return;
    }
    cancelledWith = reason;
    if (onCancel != null) {
      List<Runnable> actions = onCancel;
      onCancel = null;
      actions.forEach(Runnable::run);
    }
  }

  public boolean isCancelled() {
    return cancelledWith != null;
  }

  /** Why the call was cancelled, or null. */
  public GatewayError reason() {
    return cancelledWith;
  }
}
