package dev.fairway.pipeline;

/** Which model-calling endpoint a request came in on, and so which protocol answers it. */
public enum Endpoint {
  CHAT_COMPLETIONS(Protocol.OPENAI, "chat.completions"),
  RESPONSES(Protocol.OPENAI, "responses"),
  EMBEDDINGS(Protocol.OPENAI, "embeddings"),
  MESSAGES(Protocol.ANTHROPIC, "messages"),
  COUNT_TOKENS(Protocol.ANTHROPIC, "messages.count_tokens");

  /** The client-facing protocol family of an endpoint. */
  public enum Protocol { OPENAI, ANTHROPIC }

  private final Protocol protocol;
  private final String label;

  Endpoint(Protocol protocol, String label) {
    this.protocol = protocol;
    this.label = label;
  }

  public Protocol protocol() {
    return protocol;
  }

  /** A stable name for logs, metrics and the ledger ({@code chat.completions}, {@code messages}...). */
  public String label() {
    return label;
  }

  /** True for the endpoints whose answer is a chat completion (plain or streamed). */
  public boolean isChat() {
    return this == CHAT_COMPLETIONS || this == RESPONSES || this == MESSAGES;
  }
}
