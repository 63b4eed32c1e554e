package dev.fairway.provider.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * OpenAI's {@code /v1/embeddings} on the wire, both ways: what clients send Fairway and Fairway sends
 * OpenAI-compatible providers. {@code input} is a string, an array of strings, an array of token ids
 * or an array of such arrays; {@code embedding} is an array of numbers or a base64 string.
 */
public final class EmbeddingsWire {
  private EmbeddingsWire() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Request(JsonNode input, String model, Integer dimensions, String encodingFormat, String user) {}

  public record Response(String object, List<Embedding> data, String model, Usage usage) {}

  public record Embedding(String object, int index, JsonNode embedding) {}

  public record Usage(long promptTokens, long totalTokens) {}
}
