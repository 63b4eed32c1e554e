package dev.fairway.api;

import java.util.List;
import java.util.Objects;

/**
 * Embeddings in canonical form: one vector per input, in the inputs' order, and the input tokens
 * the provider billed (or Fairway counted, when the provider reports none).
 *
 * @param model the model that answered, as the provider named it
 * @param vectors the vectors; arrays are not copied and must not be changed
 * @param inputTokens input tokens of the whole request
 */
public record EmbeddingResponse(String model, List<float[]> vectors, long inputTokens) {

  public EmbeddingResponse {
    Objects.requireNonNull(model, "model");
    vectors = List.copyOf(vectors);
    if (inputTokens < 0) {
      throw new IllegalArgumentException("negative token count");
    }
  }

  /** The usage to meter: input tokens only. */
  public Usage usage() {
    return Usage.of(inputTokens, 0);
  }

  public EmbeddingResponse withModel(String m) {
    return new EmbeddingResponse(m, vectors, inputTokens);
  }
}
