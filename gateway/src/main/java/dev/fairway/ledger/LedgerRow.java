package dev.fairway.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;

/**
 * One request as the ledger keeps it: who asked (key, team, end user), what for (protocol,
 * endpoint, requested model or router), who answered (served model, provider, deployment, after
 * how many attempts), how it ended (status, error kind), what it consumed (tokens by type, the
 * cost in USD at the prices in force for that call, every attempt included) and how fast
 * (latency, time to first token). No prompt or answer text unless {@code content} is set.
 *
 * <p>Costs are kept to 10<sup>-12</sup> USD (rounded half-even beyond), the precision both
 * databases store exactly. Client-supplied strings (end user, tags) are cut to their bounds.
 *
 * @param requestId the gateway's request id, unique; replays of the same row are skipped by it
 * @param startedMs when the request arrived, epoch milliseconds; the row's time in reports
 * @param finishedMs when its last byte was sent (or it failed)
 * @param keyId the virtual key's public id, or null (no authentication)
 * @param team the key's team, or null
 * @param endUser OpenAI {@code user} / Anthropic {@code metadata.user_id}, or null
 * @param protocol {@code openai} or {@code anthropic}
 * @param endpoint the path called ({@code /v1/chat/completions})
 * @param requestedModel the model or router the client named
 * @param servedModel the model that answered, or null when none did
 * @param attempts upstream attempts made (retries, fallbacks and hedges included); 0 for a cache hit
 * @param status the HTTP status the client got (499 when it went away first)
 * @param errorKind the error's kind ({@code rate_limited}...) when the request failed, else null
 * @param usageEstimated true when some token counts are the gateway's BPE estimate, not the provider's
 * @param costUsd what the request cost, every attempt included
 * @param ttftMs time to the first token of a stream, or null
 * @param cacheHit true when the gateway's own cache answered
 * @param decisionId the routing decision's id (the transparency log), or null
 * @param tags request metadata from {@code x-fairway-tags} (see {@link LedgerTags})
 * @param content the prompt and answer text, only when {@code ledger.store_content} is on; else null
 */
public record LedgerRow(
    String requestId, long startedMs, long finishedMs,
    String keyId, String team, String endUser,
    String protocol, String endpoint,
    String requestedModel, String servedModel, String provider, String deployment,
    int attempts, int status, String errorKind,
    long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens, long reasoningTokens,
    boolean usageEstimated, BigDecimal costUsd,
    long latencyMs, Long ttftMs, boolean stream, boolean cacheHit,
    String decisionId, Map<String, String> tags, Content content) {

  /** Cost precision kept: 10^-12 USD. */
  public static final int COST_SCALE = 12;
  static final int MAX_ID = 128;
  static final int MAX_NAME = 256;

  /** The prompt and the answer, as text. */
  public record Content(String prompt, String completion) {}

  public LedgerRow {
    if (requestId == null || requestId.isEmpty() || requestId.length() > MAX_ID) {
      throw new IllegalArgumentException("requestId must be 1 to " + MAX_ID + " characters");
    }
    if (finishedMs < startedMs) {
      throw new IllegalArgumentException("finishedMs before startedMs");
    }
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(endpoint, "endpoint");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status, got " + status);
    }
    if (attempts < 0 || inputTokens < 0 || cachedInputTokens < 0 || cacheWriteTokens < 0 || outputTokens < 0
        || reasoningTokens < 0 || latencyMs < 0 || (ttftMs != null && ttftMs < 0)) {
      throw new IllegalArgumentException("negative count or duration");
    }
    costUsd = Objects.requireNonNull(costUsd, "costUsd");
    if (costUsd.signum() < 0) {
      throw new IllegalArgumentException("negative cost");
    }
    if (costUsd.scale() > COST_SCALE) {
      costUsd = costUsd.setScale(COST_SCALE, RoundingMode.HALF_EVEN);
    }
    keyId = cut(keyId, MAX_NAME);
    team = cut(team, MAX_NAME);
    endUser = cut(endUser, MAX_NAME);
    requestedModel = cut(requestedModel, MAX_NAME);
    tags = tags == null || tags.isEmpty() ? Map.of() : LedgerTags.bounded(tags);
  }

  /** The model the row is accounted under: the one that served it, else the one asked for. */
  public String model() {
    return servedModel != null ? servedModel : requestedModel != null ? requestedModel : "";
  }

  /** True for a request that did not succeed (status 400 and above, cancellations included). */
  public boolean failed() {
    return status >= 400;
  }

  /** The UTC day of {@link #startedMs}, as the epoch milliseconds of its midnight. */
  public long dayMs() {
    return Math.floorDiv(startedMs, 86_400_000L) * 86_400_000L;
  }

  /** This row without its prompt and answer text. */
  public LedgerRow withoutContent() {
    return content == null ? this : toBuilder().content(null).build();
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  public static Builder builder(String requestId, long startedMs) {
    return new Builder(requestId, startedMs);
  }

  public Builder toBuilder() {
    Builder b = new Builder(requestId, startedMs);
    b.finishedMs = finishedMs;
    b.keyId = keyId;
    b.team = team;
    b.endUser = endUser;
    b.protocol = protocol;
    b.endpoint = endpoint;
    b.requestedModel = requestedModel;
    b.servedModel = servedModel;
    b.provider = provider;
    b.deployment = deployment;
    b.attempts = attempts;
    b.status = status;
    b.errorKind = errorKind;
    b.inputTokens = inputTokens;
    b.cachedInputTokens = cachedInputTokens;
    b.cacheWriteTokens = cacheWriteTokens;
    b.outputTokens = outputTokens;
    b.reasoningTokens = reasoningTokens;
    b.usageEstimated = usageEstimated;
    b.costUsd = costUsd;
    b.latencyMs = latencyMs;
    b.ttftMs = ttftMs;
    b.stream = stream;
    b.cacheHit = cacheHit;
    b.decisionId = decisionId;
    b.tags = tags;
    b.content = content;
    return b;
  }

  /** Builds a row field by field (the request bracket fills it as the request goes). */
  public static final class Builder {
    private final String requestId;
    private final long startedMs;
    private long finishedMs;
    private String keyId;
    private String team;
    private String endUser;
    private String protocol = "openai";
    private String endpoint = "/v1/chat/completions";
    private String requestedModel;
    private String servedModel;
    private String provider;
    private String deployment;
    private int attempts;
    private int status = 200;
    private String errorKind;
    private long inputTokens;
    private long cachedInputTokens;
    private long cacheWriteTokens;
    private long outputTokens;
    private long reasoningTokens;
    private boolean usageEstimated;
    private BigDecimal costUsd = BigDecimal.ZERO;
    private long latencyMs;
    private Long ttftMs;
    private boolean stream;
    private boolean cacheHit;
    private String decisionId;
    private Map<String, String> tags = Map.of();
    private Content content;

    private Builder(String requestId, long startedMs) {
      this.requestId = requestId;
      this.startedMs = startedMs;
      this.finishedMs = startedMs;
    }

    public Builder finishedMs(long v) { finishedMs = v; return this; }
    public Builder key(String keyId, String team) { this.keyId = keyId; this.team = team; return this; }
    public Builder endUser(String v) { endUser = v; return this; }
    public Builder protocol(String v) { protocol = v; return this; }
    public Builder endpoint(String v) { endpoint = v; return this; }
    public Builder requestedModel(String v) { requestedModel = v; return this; }

    /** Who answered: the model, its provider and the deployment. */
    public Builder served(String model, String provider, String deployment) {
      this.servedModel = model;
      this.provider = provider;
      this.deployment = deployment;
      return this;
    }

    public Builder attempts(int v) { attempts = v; return this; }
    public Builder status(int v) { status = v; return this; }
    public Builder errorKind(String v) { errorKind = v; return this; }

    /** Token counts: input (all prompt tokens), cache reads and writes among them, output, reasoning among it. */
    public Builder tokens(long input, long cachedInput, long cacheWrite, long output, long reasoning) {
      inputTokens = input;
      cachedInputTokens = cachedInput;
      cacheWriteTokens = cacheWrite;
      outputTokens = output;
      reasoningTokens = reasoning;
      return this;
    }

    public Builder usageEstimated(boolean v) { usageEstimated = v; return this; }
    public Builder cost(BigDecimal v) { costUsd = v; return this; }
    public Builder latencyMs(long v) { latencyMs = v; return this; }
    public Builder ttftMs(Long v) { ttftMs = v; return this; }
    public Builder stream(boolean v) { stream = v; return this; }
    public Builder cacheHit(boolean v) { cacheHit = v; return this; }
    public Builder decisionId(String v) { decisionId = v; return this; }
    public Builder tags(Map<String, String> v) { tags = v; return this; }
    public Builder content(Content v) { content = v; return this; }

    public LedgerRow build() {
      return new LedgerRow(requestId, startedMs, finishedMs, keyId, team, endUser, protocol, endpoint, requestedModel,
          servedModel, provider, deployment, attempts, status, errorKind, inputTokens, cachedInputTokens,
          cacheWriteTokens, outputTokens, reasoningTokens, usageEstimated, costUsd, latencyMs, ttftMs, stream,
          cacheHit, decisionId, tags, content);
    }
  }

}
