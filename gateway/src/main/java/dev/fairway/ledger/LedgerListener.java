package dev.fairway.ledger;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.Usage;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.pipeline.Finished;
import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.pipeline.Served;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Writes one ledger row per request, when the request bracket reports its end: before the
 * answer's last bytes reach the client, so an answered request is journaled even if the process
 * is killed right after. Usage and cost are the request's over every attempt (retries, fallbacks
 * and hedges included), as {@code x-fairway-cost-usd} reports them.
 */
public final class LedgerListener implements CallEvents {
  /** Request metadata tags, e.g. {@code x-fairway-tags: team=search, env=prod}. */
  public static final String TAGS_HEADER = "x-fairway-tags";

  private final Ledger ledger;

  public LedgerListener(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public void requestFinished(RequestContext ctx, Finished f) {
    ledger.record(row(ctx, f, ledger.storesContent()));
  }

  static LedgerRow row(RequestContext ctx, Finished f, boolean content) {
    long durationMs = f.durationNanos() / 1_000_000;
    Served s = f.outcome() == null ? null : f.outcome().served();
    ChatRequest req = ctx.request();
    Usage u = f.usage();
    LedgerRow.Builder b = LedgerRow.builder(ctx.id(), ctx.startMillis())
        .finishedMs(ctx.startMillis() + durationMs)
        .key(ctx.tenant() == null ? null : ctx.tenant().keyId(), ctx.tenant() == null ? null : ctx.tenant().teamId())
        .endUser(req != null ? req.user() : ctx.embedding() != null ? ctx.embedding().user() : null)
        .protocol(ctx.endpoint().protocol().name().toLowerCase(Locale.ROOT))
        .endpoint(path(ctx))
        .requestedModel(ctx.requestedModel())
        .attempts(f.attempts())
        .status(f.httpStatus())
        .errorKind(f.error() == null ? null : f.error().kind().name().toLowerCase(Locale.ROOT))
        .tokens(u.inputTokens(), u.cachedInputTokens(), u.cacheWriteTokens(), u.outputTokens(), u.reasoningTokens())
        .usageEstimated(f.usageEstimated())
        .cost(f.costUsd() == null ? BigDecimal.ZERO : f.costUsd())
        .latencyMs(durationMs)
        .ttftMs(f.ttftNanos() < 0 ? null : f.ttftNanos() / 1_000_000)
        .stream(req != null && req.stream())
        .cacheHit(s != null && s.deployment() == null)
        .decisionId(ctx.id())
        .tags(LedgerTags.parse(ctx.header(TAGS_HEADER)));
    if (s != null) {
      b.served(s.model().id(), s.provider() == null ? null : s.provider().id(),
          s.deployment() == null ? null : s.deployment().id());
    }
    if (content && req != null) {
      b.content(new LedgerRow.Content(prompt(req), f.outcome() instanceof Outcome.Answered a
          ? a.response().text() : null));
    }
    return b.build();
  }

  private static String path(RequestContext ctx) {
    return switch (ctx.endpoint()) {
      case CHAT_COMPLETIONS -> "/v1/chat/completions";
      case RESPONSES -> "/v1/responses";
      case EMBEDDINGS -> "/v1/embeddings";
      case MESSAGES -> "/v1/messages";
      case COUNT_TOKENS -> "/v1/messages/count_tokens";
    };
  }

  private static String prompt(ChatRequest req) {
    StringBuilder sb = new StringBuilder();
    req.messages().forEach(m -> sb.append(m.role().name().toLowerCase(Locale.ROOT)).append(": ").append(m.text())
        .append('\n'));
    return sb.toString();
  }
}
