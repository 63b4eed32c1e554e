package dev.fairway.provider;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ChatResponse;
import dev.fairway.catalog.Deployment;
import io.vertx.core.Future;

/**
 * Calls one provider account in its own wire protocol. Both methods fail only with
 * {@link dev.fairway.api.GatewayError}, already mapped into Fairway's taxonomy.
 */
public interface ProviderAdapter {

  /** Sends a request and returns the whole answer. */
  Future<ChatResponse> complete(ChatRequest request, Deployment deployment, CallControl control);

  /**
   * Starts a streamed answer. The future completes once the provider accepted the call (a 2xx
   * status); events flow once the caller {@link EventSource#start starts} the source.
   */
  Future<EventSource> stream(ChatRequest request, Deployment deployment, CallControl control);
}
