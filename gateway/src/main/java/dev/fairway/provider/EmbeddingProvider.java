package dev.fairway.provider;

import dev.fairway.api.EmbeddingRequest;
import dev.fairway.api.EmbeddingResponse;
import dev.fairway.api.GatewayError;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import io.vertx.core.Future;

/**
 * An optional ability of a {@link ProviderAdapter}: the provider turns texts into embedding vectors.
 * Fails only with {@link GatewayError}, already mapped into Fairway's taxonomy; what the
 * deployment's model cannot do (token input, a dimension) is refused as
 * {@link GatewayError#unsupported} before anything is sent.
 */
public interface EmbeddingProvider {

  /** The vectors of {@code request}'s inputs on {@code deployment}, in order. */
  Future<EmbeddingResponse> embed(EmbeddingRequest request, Deployment deployment, CallControl control);

  /**
   * Refuses a model without the {@code embeddings} capability (a chat model) for an embeddings
   * request, naming it, before any provider is called.
   */
  static void requireCapability(Model m) {
    if (!m.capabilities().embeddings()) {
      throw GatewayError.invalid("The model `" + m.id() + "` does not create embeddings; choose a model with the"
          + " 'embeddings' capability (e.g. text-embedding-3-small).", "model",
          dev.fairway.api.Reason.UNSUPPORTED_VALUE);
    }
  }
}
