package dev.fairway.provider;

import dev.fairway.api.ChatRequest;
import dev.fairway.catalog.Deployment;
import io.vertx.core.Future;

/**
 * An optional ability of a {@link ProviderAdapter}: the provider counts a request's input tokens
 * itself, with its own tokenizer, without generating anything. Fails only with
 * {@link dev.fairway.api.GatewayError}.
 */
public interface TokenCounter {

  /** The input tokens {@code request} would take on {@code deployment}, as the provider counts them. */
  Future<Long> countTokens(ChatRequest request, Deployment deployment, CallControl control);
}
