package dev.fairway.api;

/**
 * Tokens one call consumed, normalised across providers.
 *
 * <p>{@code inputTokens} counts every prompt token, including those read from or written to a
 * prompt cache ({@code cachedInputTokens}, {@code cacheWriteTokens} are subsets of it), as OpenAI
 * reports {@code prompt_tokens}. Anthropic reports the three separately; its translator adds them.
 * {@code outputTokens} includes {@code reasoningTokens}, as OpenAI's {@code completion_tokens} does.
 */
public record Usage(
    long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens, long reasoningTokens) {

  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

  public Usage {
    if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || cacheWriteTokens < 0 || reasoningTokens < 0) {
      throw new IllegalArgumentException("negative token count");
    }
  }

  public static Usage of(long input, long output) {
    return new Usage(input, output, 0, 0, 0);
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /** Prompt tokens billed at the full input price (neither read from nor written to a cache). */
  public long uncachedInputTokens() {
    return Math.max(0, inputTokens - cachedInputTokens - cacheWriteTokens);
  }

  public Usage plus(Usage o) {
    return new Usage(
        inputTokens + o.inputTokens,
        outputTokens + o.outputTokens,
        cachedInputTokens + o.cachedInputTokens,
        cacheWriteTokens + o.cacheWriteTokens,
        reasoningTokens + o.reasoningTokens);
  }
}
