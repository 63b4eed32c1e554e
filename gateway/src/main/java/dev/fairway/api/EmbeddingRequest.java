package dev.fairway.api;

import java.util.List;
import java.util.Objects;

/**
 * A request for embeddings in canonical form, independent of the client's and the provider's
 * protocol: one vector per input, in order.
 *
 * @param model requested model id or alias
 * @param inputs texts, or token arrays (OpenAI-style pre-tokenised input), at least one
 * @param dimensions the vectors' length when the model can shorten them, or null for its default
 * @param encoding how the client wants the vectors written (the providers are always asked for floats)
 * @param user the end user's id, passed on where the provider takes one, or null
 */
public record EmbeddingRequest(String model, List<Input> inputs, Integer dimensions, Encoding encoding, String user) {

  public EmbeddingRequest {
    Objects.requireNonNull(model, "model");
    inputs = List.copyOf(inputs);
    encoding = encoding == null ? Encoding.FLOAT : encoding;
  }

  /** The client's {@code encoding_format}: JSON numbers, or base64 of little-endian float32. */
  public enum Encoding { FLOAT, BASE64 }

  /** One thing to embed. */
  public sealed interface Input {
    /** A text. */
    record Text(String text) implements Input {
      public Text {
        Objects.requireNonNull(text, "text");
      }
    }

    /** Token ids of the model's own tokenizer. */
    record Tokens(List<Integer> tokens) implements Input {
      public Tokens {
        tokens = List.copyOf(tokens);
      }
    }
  }

  /** True when every input is a text (providers without token input need that). */
  public boolean allText() {
    return inputs.stream().allMatch(Input.Text.class::isInstance);
  }

  /** The texts, for providers that take texts only; fails for token input. */
  public List<String> texts() {
    return inputs.stream().map(i -> ((Input.Text) i).text()).toList();
  }

  public EmbeddingRequest withModel(String m) {
    return new EmbeddingRequest(m, inputs, dimensions, encoding, user);
  }
}
