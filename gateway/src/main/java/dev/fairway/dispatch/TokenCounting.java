package dev.fairway.dispatch;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.catalog.Protocol;
import dev.fairway.metering.PromptTokens;
import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.pipeline.Scheduler;
import dev.fairway.pipeline.Served;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.Providers;
import dev.fairway.provider.TokenCounter;
import dev.fairway.routing.RouteDecision;
import io.vertx.core.Future;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a request's input tokens for {@code /v1/messages/count_tokens}: by the provider itself
 * when one of the routed model's deployments is on Anthropic's protocol (Claude's tokenizer is not
 * public, so only Anthropic can count exactly), otherwise, or when that call fails, or for a
 * router name (no model is chosen yet), by Fairway's {@link PromptTokens} estimate.
 */
final class TokenCounting {
  private static final Logger log = LoggerFactory.getLogger(TokenCounting.class);

  /**
   * The longest Fairway waits for the provider's count (the client's deadline may be shorter):
   * Anthropic counts in well under a second, and past this the estimate serves a client better
   * than waiting on.
   */
  static final Duration UPSTREAM_LIMIT = Duration.ofSeconds(10);

  private final Catalog catalog;
  private final Providers providers;
  private final Scheduler scheduler;

  TokenCounting(Catalog catalog, Providers providers, Scheduler scheduler) {
    this.catalog = catalog;
    this.providers = providers;
    this.scheduler = scheduler;
  }

  /** Never fails but for the client going away: any failure of the provider's count falls back to the estimate. */
  Future<Outcome> count(RequestContext ctx) {
    ChatRequest request = ctx.request();
    RouteDecision route = ctx.decision();
    Model model = route == null || route.candidates().isEmpty() ? null : route.chosen().model();
    Deployment d = model == null ? null : anthropicDeployment(model);
    if (d == null) {
      return Future.succeededFuture(estimate(request));
    }
    CallControl control = new CallControl();
    ctx.clientGone().onCancel(() -> control.cancel(ctx.clientGone().reason()));
    TokenCounter counter = (TokenCounter) providers.adapter(d.provider());
    long ms = Math.max(1, ctx.deadline().atMost(UPSTREAM_LIMIT).remainingMillis());
    long timer = scheduler.schedule(ms, () -> control.cancel(GatewayError.timeout(Reason.DEADLINE_EXCEEDED,
        "no token count from deployment " + d.id() + " within " + ms + " ms")));
    return counter.countTokens(request, d, control).transform(ar -> {
      scheduler.cancel(timer);
      if (ar.succeeded()) {
        return Future.succeededFuture(new Outcome.Counted(ar.result(),
            new Served(model, d, catalog.provider(d.provider()), 1, route)));
      }
      if (ctx.clientGone().isCancelled()) {
        return Future.failedFuture(ctx.clientGone().reason());
      }
      log.debug("token count by {} failed, answering the estimate: {}", d.id(), ar.cause().getMessage());
      return Future.succeededFuture(estimate(request));
    });
  }

  /** The first of the model's deployments whose provider speaks Anthropic's protocol and counts tokens. */
  private Deployment anthropicDeployment(Model model) {
    for (Deployment d : model.deployments()) {
      if (catalog.provider(d.provider()).protocol() == Protocol.ANTHROPIC
          && providers.adapter(d.provider()) instanceof TokenCounter) {
        return d;
      }
    }
    return null;
  }

  private static Outcome.Counted estimate(ChatRequest request) {
    return new Outcome.Counted(PromptTokens.inputTokens(request), null);
  }
}
