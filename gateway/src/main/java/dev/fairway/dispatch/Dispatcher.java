package dev.fairway.dispatch;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.Usage;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Deployment;
import dev.fairway.config.DispatchSettings;
import dev.fairway.catalog.Model;
import dev.fairway.pipeline.Attempt;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.metering.TokenEstimate;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.Providers;
import dev.fairway.routing.RouteCandidate;
import dev.fairway.routing.RouteDecision;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.Served;
/**
 * Executes a route decision so that the client gets an answer whenever any suitable model can
 * give one, and never waits past its deadline.
 *
 * <p>Candidates are tried in the route's order; within a model, the balancer picks among the
 * deployments whose circuit is closed, that are not cooling down after a 429, and that have
 * rate-limit headroom. After a failure the {@link RetryRule} decides: fall back at once to another
 * deployment or model, retry after a backoff (within the global {@link RetryBudget}), or give up.
 * Nothing is retried once a byte has reached the client. Optional hedging starts a second attempt
 * on another deployment when the first is slow to produce a token (within the same retry budget);
 * the first to answer wins and the other is cancelled. Streams also have a time-to-first-token
 * limit.
 */
public final class Dispatcher {
  private final Vertx vertx;
  private final Catalog catalog;
  private final Providers providers;
  private final EndpointSelector selector;
  private final DeploymentHealth health;
  private final Eligibility eligible;
  private final CallEvents events;
  private final LongSupplier ticker;
  private final RandomGenerator random;
  private final RetryRule rule;
  private final RetryBudget budget;
  private final Duration streamTtft;
  private final Duration streamIdle;
  private final Duration headersTimeout;

  /**
   * @param events listeners of call events; must include {@code health}, which learns from them
   */
  public Dispatcher(Vertx vertx, Catalog catalog, Providers providers, DispatchSettings settings,
      DeploymentHealth health, EndpointSelector selector, CallEvents events, LongSupplier ticker,
      RandomGenerator random) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.providers = providers;
    this.selector = selector;
    this.health = health;
    this.eligible = Eligibility.of(health);
    this.events = events;
    this.ticker = ticker;
    this.random = random;
    this.rule = new RetryRule(settings.maxAttempts(),
        Backoff.exponential(settings.backoffInitial(), settings.backoffMax(), settings.backoffMultiplier())
            .withJitter(settings.backoffJitter()), settings.backoffMax());
    this.budget = new RetryBudget(settings.retryBudgetRatio(), settings.retryBudgetFloor(), ticker);
    this.streamTtft = settings.streamTtftTimeout();
    this.streamIdle = settings.streamIdleTimeout();
    this.headersTimeout = settings.headersTimeout();
  }

  public Future<Outcome> dispatch(RequestContext ctx) {
    RouteDecision decision = ctx.decision();
    if (decision == null || decision.candidates().isEmpty()) {
      return Future.failedFuture(GatewayError.of(ErrorKind.UNAVAILABLE, "no model can serve this request"));
    }
    budget.deposit();
    Run run = new Run(ctx, decision);
    run.next();
    return run.promise.future();
  }

  private static Duration or(Duration a, Duration b) {
    return a != null ? a : b;
  }

  static GatewayError deadlineError() {
    return GatewayError.timeout(Reason.DEADLINE_EXCEEDED, "the request did not complete within its deadline");
  }

  /** One request's attempts. Confined to the request's event loop. */
  private final class Run {
    final RequestContext ctx;
    final List<RouteCandidate> candidates;
    final RouteDecision decision;
    final Promise<Outcome> promise = Promise.promise();
    final Set<String> tried = new HashSet<>();
    final List<Flight> flights = new ArrayList<>(2);
    int candidate;
    int attempts;
    int retries;
    int failedWindow;
    boolean settled;
    GatewayError lastError;
    long retryTimer = -1;

    Run(RequestContext ctx, RouteDecision decision) {
      this.ctx = ctx;
      this.decision = decision;
      this.candidates = decision.candidates();
      ctx.clientGone().onCancel(() -> {
        if (retryTimer >= 0) {
          vertx.cancelTimer(retryTimer);
        }
        fail(ctx.clientGone().reason());
      });
    }

    /** Launches the next attempt, or settles the request when nothing is left to try. */
    void next() {
      retryTimer = -1;
      if (settled) {
        return;
      }
      if (ctx.deadline().expired()) {
        fail(deadlineError());
        return;
      }
      Pick p = pick(null);
      if (p != null) {
        launch(p, false);
      } else if (flights.isEmpty()) {
        fail(lastError != null ? lastError : GatewayError.of(ErrorKind.UNAVAILABLE,
            "no deployment of the requested models can take calls now (circuits open or rate limits reached)"));
      }
    }

    record Pick(Model model, Deployment deployment) {}

    /** The next model and deployment to call (only {@code sameModel}'s when hedging), claiming a circuit probe. */
    Pick pick(Model sameModel) {
      for (int i = sameModel == null ? candidate : 0; i < candidates.size(); i++) {
        Model m = candidates.get(i).model();
        if ((sameModel != null && m != sameModel) || !canServe(m)) {
          continue;
        }
        Deployment d;
        while ((d = selector.select(m, tried)) != null) {
          if (health.state(m, d).breaker().tryAcquire()) {
            if (sameModel == null) {
              candidate = i;
            }
            return new Pick(m, d);
          }
          tried.add(d.id()); // its circuit closed between selection and claim
        }
      }
      return null;
    }

    boolean canServe(Model m) {
      return failedWindow == 0 || m.contextWindow() > failedWindow;
    }

    /** Whether some deployment not yet tried this round could take a call now (no side effects). */
    boolean alternativesLeft() {
      for (int i = candidate; i < candidates.size(); i++) {
        Model m = candidates.get(i).model();
        if (!canServe(m)) {
          continue;
        }
        for (Deployment d : m.deployments()) {
          if (!tried.contains(d.id()) && eligible.test(m, d)) {
            return true;
          }
        }
      }
      return false;
    }

    void launch(Pick p, boolean hedge) {
      attempts++;
      tried.add(p.deployment().id());
      Model m = p.model();
      Deployment d = p.deployment();
      CallControl control = new CallControl();
      control.onRateLimits(l -> health.observe(m, d, l));
      ctx.clientGone().onCancel(() -> control.cancel(ctx.clientGone().reason()));
      Attempt a = new Attempt(ctx.id(), attempts, m, d, ctx.request().stream(), ticker.getAsLong());
      Flight f = new Flight(m, d, control, a);
      flights.add(f);
      events.attemptStarted(a);

      long deadlineTimer = vertx.setTimer(ctx.deadline().remainingMillis(), id -> control.cancel(deadlineError()));
      f.timers.add(deadlineTimer);
      Duration hedgeAfter = m.dispatch().hedgeAfter();
      if (!hedge && hedgeAfter != null && m.deployments().size() > 1) {
        f.timers.add(vertx.setTimer(Math.max(1, hedgeAfter.toMillis()), id -> hedge(f)));
      }
      Served served = new Served(m, d, catalog.provider(d.provider()), attempts, decision);
      ChatRequest req = ctx.request();
      // Transport limits (issue 10): response headers of a stream, silence inside any answer.
      control.timeouts(req.stream() ? or(m.dispatch().headersTimeout(), headersTimeout) : null,
          or(m.dispatch().streamIdleTimeout(), streamIdle));
      var adapter = providers.adapter(d.provider());
      if (req.stream()) {
        Duration ttft = m.dispatch().ttftTimeout() != null ? m.dispatch().ttftTimeout() : streamTtft;
        if (ttft != null && ttft.toNanos() < ctx.deadline().remainingNanos()) {
          f.ttftTimer = vertx.setTimer(Math.max(1, ttft.toMillis()),
              id -> control.cancel(GatewayError.timeout(Reason.TTFT_TIMEOUT,
              "no token within " + ttft.toMillis() + " ms from deployment " + d.id())));
        }
        adapter.stream(req, d, control).onComplete(ar -> {
          if (ar.failed()) {
            lost(f, GatewayError.from(ar.cause()), true);
            return;
          }
          StreamAttempt sa = new StreamAttempt(ar.result(), control, a, events, ticker,
              () -> vertx.cancelTimer(deadlineTimer), TokenEstimate.input(req));
          sa.primed().onComplete(pr -> {
            if (pr.succeeded()) {
              f.firstToken = true;
              f.cancelTimersExcept(deadlineTimer, vertx);
              won(f, new Outcome.Streaming(sa, served), sa);
            } else {
              lost(f, GatewayError.from(pr.cause()), false); // StreamAttempt reported the failure
            }
          });
        });
      } else {
        adapter.complete(req, d, control).onComplete(ar -> {
          f.cancelTimersExcept(-1, vertx);
          long nanos = ticker.getAsLong() - a.startNanos();
          if (ar.succeeded()) {
            events.attemptSucceeded(a, ar.result().usage(), nanos);
            won(f, new Outcome.Answered(ar.result(), served), null);
          } else {
            lost(f, GatewayError.from(ar.cause()), true);
          }
        });
      }
    }

    /**
     * The first attempt is slow to produce anything: start a second one on another deployment. A
     * hedge is extra load on the provider like a retry, so it draws on the same retry budget; with
     * the budget spent, the first attempt is left to answer alone.
     */
    void hedge(Flight slow) {
      if (settled || slow.done || slow.firstToken || attempts >= rule.maxAttempts()) {
        return;
      }
      Pick p = pick(slow.model);
      if (p == null) {
        return;
      }
      if (!budget.tryWithdraw()) {
        health.state(p.model(), p.deployment()).breaker().onAbandoned(); // give back the probe pick() claimed
        return;
      }
      launch(p, true);
    }

    void won(Flight f, Outcome o, StreamAttempt stream) {
      f.done = true;
      flights.remove(f);
      if (settled) {
        if (stream != null) {
          stream.cancel(hedgeLost());
        }
        return;
      }
      settled = true;
      cancelFlights(hedgeLost());
      promise.complete(o);
    }

    void lost(Flight f, GatewayError e, boolean report) {
      f.done = true;
      f.cancelTimersExcept(-1, vertx);
      flights.remove(f);
      if (report) {
        events.attemptFailed(f.attempt, e, Usage.ZERO, ticker.getAsLong() - f.attempt.startNanos());
      }
      if (settled) {
        return;
      }
      if (e.kind() == ErrorKind.CONTEXT_TOO_LONG) {
        failedWindow = Math.max(failedWindow, f.model.contextWindow());
      }
      if (ctx.clientGone().isCancelled()) {
        fail(ctx.clientGone().reason());
        return;
      }
      if (ctx.deadline().expired() || e.reason() == Reason.DEADLINE_EXCEEDED) {
        fail(deadlineError());
        return;
      }
      lastError = e;
      if (!flights.isEmpty()) {
        return; // a hedge is still running; it may yet answer
      }
      RetryRule.State state =
          new RetryRule.State(attempts, retries, alternativesLeft(), ctx.deadline().remainingNanos(), true);
      RetryDecision decision;
      synchronized (random) { // shared by all event loops; SplittableRandom is not thread-safe
        decision = rule.decide(e, state, random);
      }
      switch (decision) {
        case RetryDecision.FallBack fb -> next();
        case RetryDecision.Retry r -> {
          if (!budget.tryWithdraw()) {
            fail(e);
            return;
          }
          retries++;
          tried.clear();
          candidate = 0;
          retryTimer = vertx.setTimer(Math.max(1, r.delay().toMillis()), id -> next());
        }
        case RetryDecision.Fail x -> fail(e);
      }
    }

    void fail(GatewayError e) {
      if (settled) {
        return;
      }
      settled = true;
      cancelFlights(e);
      promise.tryFail(e);
    }

    void cancelFlights(GatewayError reason) {
      for (Flight other : List.copyOf(flights)) {
        other.control.cancel(reason);
      }
    }

    GatewayError hedgeLost() {
      return GatewayError.cancelled(Reason.HEDGE_LOST, "another attempt answered first");
    }
  }

  /** One attempt in flight. */
  private static final class Flight {
    final Model model;
    final Deployment deployment;
    final CallControl control;
    final Attempt attempt;
    final List<Long> timers = new ArrayList<>(3);
    long ttftTimer = -1;
    boolean firstToken;
    boolean done;

    Flight(Model model, Deployment deployment, CallControl control, Attempt attempt) {
      this.model = model;
      this.deployment = deployment;
      this.control = control;
      this.attempt = attempt;
    }

    void cancelTimersExcept(long keep, Vertx vertx) {
      for (long t : timers) {
        if (t != keep) {
          vertx.cancelTimer(t);
        }
      }
      if (ttftTimer >= 0) {
        vertx.cancelTimer(ttftTimer);
      }
    }
  }
}
