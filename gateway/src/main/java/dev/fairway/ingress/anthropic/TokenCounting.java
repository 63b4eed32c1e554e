package dev.fairway.ingress.anthropic;

import dev.fairway.metering.PromptTokens;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.catalog.Protocol;
import dev.fairway.pipeline.Deadline;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.Providers;
import dev.fairway.provider.TokenCounter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a request's input tokens for {@code /v1/messages/count_tokens}: by the provider itself
 * when one of the model's deployments is on Anthropic's protocol (Claude's tokenizer is not public,
 * so only Anthropic can count exactly), otherwise, or when that call fails, by Fairway's
 * {@link PromptTokens}.
 */
final class TokenCounting {
  private static final Logger log = LoggerFactory.getLogger(TokenCounting.class);

  /**
   * The longest Fairway waits for the provider's count (the client's deadline may be shorter):
   * Anthropic counts in well under a second, and past this the estimate serves a client better
   * than waiting on.
   */
  static final Duration UPSTREAM_LIMIT = Duration.ofSeconds(10);

  /** A count, with the deployment that counted it; null for the local estimate. */
  record Count(long inputTokens, Deployment countedBy) {}

  private final Catalog catalog;
  private final Providers providers;

  TokenCounting(Catalog catalog, Providers providers) {
    this.catalog = catalog;
    this.providers = providers;
  }

  /** Never fails: any failure of the provider's count falls back to the estimate. */
  Future<Count> count(Vertx vertx, ChatRequest request, Model model, Deadline deadline, CallControl control) {
    Deployment d = anthropicDeployment(model);
    if (d == null) {
      return Future.succeededFuture(estimate(request));
    }
    TokenCounter counter = (TokenCounter) providers.adapter(d.provider());
    long ms = Math.max(1, deadline.atMost(UPSTREAM_LIMIT).remainingMillis());
    long timer = vertx.setTimer(ms, id -> control.cancel(GatewayError.timeout(Reason.DEADLINE_EXCEEDED,
        "no token count from deployment " + d.id() + " within " + ms + " ms")));
    return counter.countTokens(request, d, control).transform(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        return Future.succeededFuture(new Count(ar.result(), d));
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

  private static Count estimate(ChatRequest request) {
    return new Count(PromptTokens.inputTokens(request), null);
  }
}
