package dev.fairway.tenancy;

import dev.fairway.api.ChatRequest;
import dev.fairway.catalog.Model;
import dev.fairway.metering.PromptTokens;
import dev.fairway.metering.TokenEstimate;
import dev.fairway.pipeline.Admission;
import dev.fairway.pipeline.Endpoint;
import dev.fairway.pipeline.RequestContext;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The pipeline's {@code Limit} stage with tenancy: before any upstream call, the request's
 * maximum cost (its input tokens by BPE count at the input price, plus {@code max_tokens} or the
 * model's output cap at the output price, for the dearest model the route may try) and its
 * tokens are reserved, all or nothing, against every budget, RPM, TPM and parallel limit of its
 * key and team; when the request finishes, the reservation is replaced by what every attempt
 * actually cost. The rate-limit headers go on the answer, refusals are a 429 or 403 in the
 * caller's protocol.
 */
public final class BudgetAdmission implements Admission {
  /** Output tokens assumed for a model that declares no output cap and a request that sets none. */
  static final long DEFAULT_OUTPUT_CAP = 4096;

  private final Limits limits;
  private final Clock clock;
  private final Function<ChatRequest, List<Model>> reachable;

  /** @param reachable every model a request's route may try (routing's {@code reachableModels}) */
  public BudgetAdmission(Tenancy tenancy, Function<ChatRequest, List<Model>> reachable) {
    this.limits = tenancy.limits();
    this.clock = tenancy.clock();
    this.reachable = reachable;
  }

  @Override
  public Future<Void> admit(RequestContext ctx) {
    if (!(ctx.tenant() instanceof Principal p) || p.scopes().isEmpty() || ctx.endpoint() == Endpoint.COUNT_TOKENS) {
      return Future.succeededFuture(); // the master key, or a free endpoint
    }
    ChatRequest req = ctx.request();
    if (req == null) {
      return admitEmbedding(ctx, p);
    }
    boolean budgeted = false;
    for (Scope s : p.scopes()) {
      budgeted |= s.policy().maxBudgetUsd() != null;
    }
    // The exact count only when a budget needs pricing; otherwise the cheap estimate feeds TPM.
    long input = budgeted ? PromptTokens.inputTokens(req) : TokenEstimate.input(req);
    BigDecimal maxCost = BigDecimal.ZERO;
    long maxOut = 0;
    for (Model m : reachable.apply(req)) {
      long out = req.maxTokens() != null ? req.maxTokens()
          : m.maxOutputTokens() > 0 ? m.maxOutputTokens() : DEFAULT_OUTPUT_CAP;
      maxOut = Math.max(maxOut, out);
      if (budgeted) {
        BigDecimal c = m.prices().input().multiply(BigDecimal.valueOf(input))
            .add(m.prices().output().multiply(BigDecimal.valueOf(out))).movePointLeft(6); // per million, exactly
        maxCost = maxCost.max(c);
      }
    }
    return reserve(ctx, p, maxCost, input + maxOut);
  }

  /** An embedding request: its input tokens (about four characters each) at the model's input price. */
  private Future<Void> admitEmbedding(RequestContext ctx, Principal p) {
    var e = ctx.embedding();
    long chars = 0;
    for (var in : e.inputs()) {
      chars += in instanceof dev.fairway.api.EmbeddingRequest.Input.Text t ? t.text().length()
          : ((dev.fairway.api.EmbeddingRequest.Input.Tokens) in).tokens().size() * 4L;
    }
    long tokens = TokenEstimate.output(chars) + e.inputs().size();
    BigDecimal maxCost = BigDecimal.ZERO;
    ChatRequest probe = ChatRequest.builder(e.model()).messages(List.of()).build();
    for (Model m : reachable.apply(probe)) {
      maxCost = maxCost.max(m.prices().input().multiply(BigDecimal.valueOf(tokens)).movePointLeft(6));
    }
    return reserve(ctx, p, maxCost, tokens);
  }

  private Future<Void> reserve(RequestContext ctx, Principal p, BigDecimal maxCost, long tokens) {
    long now = clock.millis();
    return switch (limits.reserve(p, maxCost, tokens, now)) {
      case Permit permit -> {
        permit.headers().forEach(ctx::responseHeader);
        ctx.onFinish(f -> permit.settle(f.costUsd(), f.usage().totalTokens(), clock.millis()));
        yield Future.succeededFuture();
      }
      case LimitRefusal no -> {
        limits.headers(p, now).forEach(ctx::responseHeader);
        yield Future.failedFuture(no.error());
      }
    };
  }
}
