package dev.fairway.mock;

/**
 * How a mock provider behaves for one model (or all): latency, pacing, and injected failures.
 *
 * @param ttftMs delay before the first byte of the answer
 * @param tokensPerSecond streaming pace after the first token; 0 sends everything at once
 * @param errorRate probability in [0, 1] that a call fails with {@code errorStatus}
 * @param errorStatus HTTP status of injected failures (429 and 529/503 carry Retry-After)
 * @param retryAfterSeconds the Retry-After value sent with 429/503/529
 * @param fault a transport-level failure (see {@link Fault}): on every call, or with {@code errorRate}
 *     set, on that fraction of calls instead of an HTTP error
 * @param quality in [0, 1]: how often the simulated model gets checkable questions right
 * @param failFirst the first this-many calls under this behaviour fail with {@code errorStatus}
 * @param contextWindow prompts estimated above this many tokens are refused as too long (0: no limit)
 */
public record MockBehaviour(
    long ttftMs, double tokensPerSecond, double errorRate, int errorStatus, int retryAfterSeconds, Fault fault,
    double quality, int failFirst, int contextWindow) {

  /** Failures below HTTP status codes. */
  public enum Fault {
    NONE,
    /** Close the connection without answering. */
    RESET,
    /** Streams: send the first half of the answer, then nothing more. Whole answers: headers, then silence. */
    STALL,
    /** Answer 200 with a body that is not valid JSON (streams: a first event that is not). */
    MALFORMED,
    /** Stop a stream half-way without its terminating event. */
    TRUNCATE
  }

  public static final MockBehaviour DEFAULT = new MockBehaviour(0, 0, 0, 500, 1, Fault.NONE, 0.8, 0, 0);

  public MockBehaviour {
    if (errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException("errorRate must be in [0, 1]");
    }
    if (ttftMs < 0 || tokensPerSecond < 0) {
      throw new IllegalArgumentException("latency knobs must be >= 0");
    }
    fault = fault == null ? Fault.NONE : fault;
  }

  public MockBehaviour withTtftMs(long v) {
    return new MockBehaviour(v, tokensPerSecond, errorRate, errorStatus, retryAfterSeconds, fault, quality, failFirst, contextWindow);
  }

  public MockBehaviour withTokensPerSecond(double v) {
    return new MockBehaviour(ttftMs, v, errorRate, errorStatus, retryAfterSeconds, fault, quality, failFirst, contextWindow);
  }

  public MockBehaviour withErrors(double rate, int status) {
    return new MockBehaviour(ttftMs, tokensPerSecond, rate, status, retryAfterSeconds, fault, quality, failFirst, contextWindow);
  }

  public MockBehaviour withRetryAfterSeconds(int v) {
    return new MockBehaviour(ttftMs, tokensPerSecond, errorRate, errorStatus, v, fault, quality, failFirst, contextWindow);
  }

  public MockBehaviour withFault(Fault f) {
    return new MockBehaviour(ttftMs, tokensPerSecond, errorRate, errorStatus, retryAfterSeconds, f, quality, failFirst, contextWindow);
  }

  /** The first {@code n} calls fail with {@code status}, the rest behave normally. */
  public MockBehaviour withFailFirst(int n, int status) {
    return new MockBehaviour(ttftMs, tokensPerSecond, errorRate, status, retryAfterSeconds, fault, quality, n,
        contextWindow);
  }

  public MockBehaviour withContextWindow(int tokens) {
    return new MockBehaviour(ttftMs, tokensPerSecond, errorRate, errorStatus, retryAfterSeconds, fault, quality,
        failFirst, tokens);
  }

  public MockBehaviour withQuality(double q) {
    return new MockBehaviour(ttftMs, tokensPerSecond, errorRate, errorStatus, retryAfterSeconds, fault, q, failFirst,
        contextWindow);
  }
}
