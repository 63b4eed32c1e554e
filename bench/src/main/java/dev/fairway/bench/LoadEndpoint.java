package dev.fairway.bench;

import java.util.Locale;

/**
 * The API the load harness sends: what the gateways are asked, and what the direct path and the
 * hop floor ask the mock. The mock speaks Chat Completions and Embeddings but not the Responses
 * API, so with {@link #RESPONSES} the gateway translates a Responses request into the Chat
 * Completions call the direct path makes; the comparison then includes that translation.
 */
enum LoadEndpoint {
  CHAT("/v1/chat/completions", "/v1/chat/completions"),
  RESPONSES("/v1/responses", "/v1/chat/completions"),
  EMBEDDINGS("/v1/embeddings", "/v1/embeddings");

  /** The catalog id of the embedding model the harness declares for {@link #EMBEDDINGS}. */
  static final String EMBEDDING_MODEL = "bench-embed";
  private static final String PROMPT = "Say hello in five words.";

  final String gatewayPath;
  final String directPath;

  LoadEndpoint(String gatewayPath, String directPath) {
    this.gatewayPath = gatewayPath;
    this.directPath = directPath;
  }

  static LoadEndpoint parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown endpoint '" + name + "' (expected chat, responses or embeddings)");
    }
  }

  /** The body a gateway is sent, asking for {@code model}. */
  String gatewayBody(String model) {
    return switch (this) {
      case CHAT -> chat(model);
      case RESPONSES -> "{\"model\":\"" + model + "\",\"input\":\"" + PROMPT + "\",\"max_output_tokens\":16}";
      case EMBEDDINGS -> embeddings(model);
    };
  }

  /** The body the mock is sent directly (and through the hop floor). */
  String directBody() {
    return this == EMBEDDINGS ? embeddings(EMBEDDING_MODEL) : chat("bench");
  }

  /** The model the gateways are asked for: {@code requested}, or the embedding model for embeddings. */
  String model(String requested) {
    return this == EMBEDDINGS ? EMBEDDING_MODEL : requested;
  }

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static String chat(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT
        + "\"}],\"max_tokens\":16}";
  }

  private static String embeddings(String model) {
    return "{\"model\":\"" + model + "\",\"input\":\"" + PROMPT + "\"}";
  }
}
