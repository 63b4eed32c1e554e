package dev.fairway.dispatch;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Usage;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.metering.Attempt;
import dev.fairway.metering.CallEvents;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.ProviderAdapter;
import dev.fairway.provider.Providers;
import dev.fairway.routing.RouteCandidate;
import dev.fairway.routing.RouteDecision;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Executes a route decision: for each candidate in order, pick a deployment and call it within the
 * request's deadline; on a failure that another model might not have (rate limit, overload, 5xx,
 * timeout, broken connection) move on, as long as nothing has reached the client yet.
 */
public final class Dispatcher {
  private final Vertx vertx;
  private final Catalog catalog;
  private final Providers providers;
  private final EndpointSelector selector;
  private final CallEvents events;
  private final LongSupplier ticker;

  public Dispatcher(Vertx vertx, Catalog catalog, Providers providers, EndpointSelector selector, CallEvents events,
      LongSupplier ticker) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.providers = providers;
    this.selector = selector;
    this.events = events;
    this.ticker = ticker;
  }

  public Future<Outcome> dispatch(RequestContext ctx) {
    RouteDecision decision = ctx.decision();
    if (decision == null || decision.candidates().isEmpty()) {
      return Future.failedFuture(GatewayError.of(ErrorKind.UNAVAILABLE, "no model can serve this request"));
    }
    Run run = new Run(ctx, decision);
    run.next();
    return run.promise.future();
  }

  /** Whether a failed attempt should give way to the next candidate. */
  static boolean shouldFallBack(GatewayError e) {
    return e.retryable() || e.kind() == ErrorKind.CONTEXT_TOO_LONG || e.isUnsupportedFeature();
  }

  /** The state of one request's attempts. Confined to the request's event loop. */
  private final class Run {
    final RequestContext ctx;
    final RouteDecision decision;
    final Promise<Outcome> promise = Promise.promise();
    final Set<String> tried = new HashSet<>();
    int candidate;
    int attempts;
    GatewayError lastError;

    Run(RequestContext ctx, RouteDecision decision) {
      this.ctx = ctx;
      this.decision = decision;
    }

    void next() {
      List<RouteCandidate> cs = decision.candidates();
      while (candidate < cs.size()) {
        if (ctx.clientGone().isCancelled()) {
          promise.tryFail(ctx.clientGone().reason());
          return;
        }
        if (ctx.deadline().expired()) {
          promise.tryFail(timeout());
          return;
        }
        Model model = cs.get(candidate).model();
        if (lastError != null && lastError.kind() == ErrorKind.CONTEXT_TOO_LONG && attempts > 0
            && model.contextWindow() <= failedWindow) {
          candidate++; // no larger window here: would fail the same way
          continue;
        }
        Deployment d = selector.select(model, tried);
        if (d == null) {
          candidate++;
          continue;
        }
        tried.add(d.id());
        attempt(model, d);
        return;
      }
      promise.tryFail(lastError != null ? lastError
          : GatewayError.of(ErrorKind.UNAVAILABLE, "no deployment of the requested model is available"));
    }

    int failedWindow;

    void attempt(Model model, Deployment d) {
      attempts++;
      ProviderAdapter adapter = providers.adapter(d.provider());
      CallControl control = new CallControl();
      ctx.clientGone().onCancel(() -> control.cancel(ctx.clientGone().reason()));
      long timer = vertx.setTimer(ctx.deadline().remainingMillis(), id -> control.cancel(timeout()));
      control.onCancel(() -> vertx.cancelTimer(timer));
      Attempt a = new Attempt(ctx.id(), attempts, model, d, ctx.request().stream(), ticker.getAsLong());
      events.attemptStarted(a);
      ChatRequest req = ctx.request();
      Served served = new Served(model, d, catalog.provider(d.provider()), attempts, decision);
      if (req.stream()) {
        adapter.stream(req, d, control).onComplete(ar -> {
          if (ar.failed()) {
            vertx.cancelTimer(timer);
            failed(a, model, GatewayError.from(ar.cause()), control);
            return;
          }
          StreamAttempt sa = new StreamAttempt(ar.result(), control, a, events, ticker, () -> vertx.cancelTimer(timer));
          sa.primed().onComplete(pr -> {
            if (pr.succeeded()) {
              if (!promise.tryComplete(new Outcome.Streaming(sa, served))) {
                sa.cancel();
              }
            } else {
              failed(a, model, GatewayError.from(pr.cause()), control);
            }
          });
        });
      } else {
        adapter.complete(req, d, control).onComplete(ar -> {
          vertx.cancelTimer(timer);
          long nanos = ticker.getAsLong() - a.startNanos();
          if (ar.succeeded()) {
            events.attemptSucceeded(a, ar.result().usage(), nanos);
            promise.tryComplete(new Outcome.Answered(ar.result(), served));
          } else {
            GatewayError e = GatewayError.from(ar.cause());
            events.attemptFailed(a, e, Usage.ZERO, nanos);
            failed(a, model, e, control);
          }
        });
      }
    }

    void failed(Attempt a, Model model, GatewayError e, CallControl control) {
      if (control.isCancelled() && ctx.clientGone().isCancelled()) {
        promise.tryFail(ctx.clientGone().reason());
        return;
      }
      if (ctx.deadline().expired()) {
        promise.tryFail(timeout());
        return;
      }
      if (!shouldFallBack(e)) {
        promise.tryFail(e);
        return;
      }
      // An unsupported feature is the more useful error to report than a later candidate's.
      if (lastError == null || !lastError.isUnsupportedFeature()) {
        lastError = e;
      }
      if (e.kind() == ErrorKind.CONTEXT_TOO_LONG || e.isUnsupportedFeature()) {
        failedWindow = Math.max(failedWindow, model.contextWindow());
        candidate++;
      } else if (!hasUntriedDeployment(model)) {
        candidate++;
      }
      next();
    }

    boolean hasUntriedDeployment(Model model) {
      for (Deployment d : model.deployments()) {
        if (!tried.contains(d.id())) {
          return true;
        }
      }
      return false;
    }

    GatewayError timeout() {
      return new GatewayError(ErrorKind.TIMEOUT, "the request did not complete within its deadline", null,
          "deadline_exceeded", null, 0);
    }
  }
}
