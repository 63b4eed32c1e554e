package dev.fairway.dispatch;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.Usage;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.config.DispatchSettings;
import dev.fairway.metering.TokenEstimate;
import dev.fairway.pipeline.Attempt;
import dev.fairway.pipeline.Caller;
import dev.fairway.pipeline.Endpoint;
import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.pipeline.Scheduler;
import dev.fairway.pipeline.Served;
import dev.fairway.provider.CallControl;
import dev.fairway.provider.Providers;
import dev.fairway.routing.RouteCandidate;
import dev.fairway.routing.RouteDecision;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Executes a route decision so that the client gets an answer whenever any suitable model can
 * give one, and never waits past its deadline.
 *
 * <p>Candidates are tried in the route's order; within a model, the balancer picks among the
 * deployments whose circuit is closed, that are not cooling down after a 429, and that have
 * rate-limit headroom. After a failure the dispatcher reports where the request stands to the
 * {@link RetryRule}, which decides (fall back at once to another deployment or model, retry after
 * a backoff within the global {@link RetryBudget}, wait for a hedge, or give up), and acts on the
 * decision. Nothing is retried once a byte has reached the client. Optional hedging starts a
 * second attempt on another deployment when the first is slow to produce a token (within the same
 * retry budget); the first to answer wins and the other is cancelled. Streams also have a
 * time-to-first-token limit. Attempts are reported to the request ({@link RequestContext}), which
 * meters them and tells the listeners. Timers come from the injected {@link Scheduler}.
 */
public final class Dispatcher implements Caller {
  private final Catalog catalog;
  private final Providers providers;
  private final EndpointSelector selector;
  private final DeploymentHealth health;
  private final Eligibility eligible;
  private final Scheduler scheduler;
  private final LongSupplier ticker;
  private final RandomGenerator random;
  private final RetryRule rule;
  private final RetryBudget budget;
  private final Duration streamTtft;
  private final TokenCounting counting;
  private final Duration streamIdle;
  private final Duration headersTimeout;

  public Dispatcher(Catalog catalog, Providers providers, DispatchSettings settings, DeploymentHealth health,
      EndpointSelector selector, Scheduler scheduler, LongSupplier ticker, RandomGenerator random) {
    this.catalog = catalog;
    this.providers = providers;
    this.selector = selector;
    this.health = health;
    this.eligible = Eligibility.of(health);
    this.scheduler = scheduler;
    this.ticker = ticker;
    this.random = random;
    this.rule = RetryRule.of(settings);
    this.budget = new RetryBudget(settings.retryBudgetRatio(), settings.retryBudgetFloor(), ticker);
    this.streamTtft = settings.streamTtftTimeout();
    this.counting = new TokenCounting(catalog, providers, scheduler);
    this.streamIdle = settings.streamIdleTimeout();
    this.headersTimeout = settings.headersTimeout();
  }

  @Override
  public Future<Outcome> call(RequestContext ctx) {
    RouteDecision decision = ctx.decision();
    if (ctx.endpoint() == Endpoint.COUNT_TOKENS) {
      return counting.count(ctx);
    }
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
          scheduler.cancel(retryTimer);
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
        fail(RetryRule.deadlineError());
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
        if (sameModel != null && m != sameModel) {
          continue;
        }
        if (!canServe(m)) {
          ctx.candidateSkipped(m.id(), "its context window is no larger than one that refused the prompt");
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
        if (sameModel == null && !anyTried(m)) {
          ctx.candidateSkipped(m.id(), "no deployment could take the call (circuit open, cooling down or at its rate limit)");
        }
      }
      return null;
    }

    boolean anyTried(Model m) {
      for (Deployment d : m.deployments()) {
        if (tried.contains(d.id())) {
          return true;
        }
      }
      return false;
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
      ChatRequest req = ctx.request();
      boolean stream = req != null && req.stream();
      Attempt a = new Attempt(ctx.id(), attempts, m, d, stream, ticker.getAsLong());
      Flight f = new Flight(m, d, control, a);
      flights.add(f);
      ctx.attemptStarted(a);

      f.deadlineTimer = scheduler.schedule(ctx.deadline().remainingMillis(),
          () -> control.cancel(RetryRule.deadlineError()));
      Duration hedgeAfter = m.dispatch().hedgeAfter();
      if (!hedge && hedgeAfter != null && m.deployments().size() > 1) {
        f.hedgeTimer = scheduler.schedule(Math.max(1, hedgeAfter.toMillis()), () -> hedge(f));
      }
      Served served = new Served(m, d, catalog.provider(d.provider()), attempts, decision);
      // Transport limits: response headers of a stream, silence inside any answer.
      control.timeouts(stream ? or(m.dispatch().headersTimeout(), headersTimeout) : null,
          or(m.dispatch().streamIdleTimeout(), streamIdle));
      var adapter = providers.adapter(d.provider());
      if (ctx.endpoint() == Endpoint.EMBEDDINGS) {
        embed(f, a, served, control);
      } else if (stream) {
        Duration ttft = m.dispatch().ttftTimeout() != null ? m.dispatch().ttftTimeout() : streamTtft;
        if (ttft != null && ttft.toNanos() < ctx.deadline().remainingNanos()) {
          f.ttftTimer = scheduler.schedule(Math.max(1, ttft.toMillis()), () -> control.cancel(GatewayError.timeout(
              Reason.TTFT_TIMEOUT, "no token within " + ttft.toMillis() + " ms from deployment " + d.id())));
        }
        adapter.stream(req, d, control).onComplete(ar -> {
          if (ar.failed()) {
            lost(f, GatewayError.from(ar.cause()), true);
            return;
          }
          StreamAttempt sa = new StreamAttempt(ar.result(), control, a, ctx, () -> scheduler.cancel(f.deadlineTimer),
              TokenEstimate.input(req));
          sa.primed().onComplete(pr -> {
            if (pr.succeeded()) {
              f.firstToken = true;
              f.cancelTimers(scheduler, false);
              won(f, new Outcome.Streaming(sa, served), sa);
            } else {
              lost(f, GatewayError.from(pr.cause()), false); // StreamAttempt reported the failure
            }
          });
        });
      } else {
        adapter.complete(req, d, control).onComplete(ar -> {
          f.cancelTimers(scheduler, true);
          long nanos = ticker.getAsLong() - a.startNanos();
          if (ar.succeeded()) {
            ctx.attemptSucceeded(a, ar.result().usage(), false, nanos);
            won(f, new Outcome.Answered(ar.result(), served), null);
          } else {
            lost(f, GatewayError.from(ar.cause()), true);
          }
        });
      }
    }

    /** One embedding attempt: vectors from a provider that makes them, metered by input tokens. */
    void embed(Flight f, Attempt a, Served served, CallControl control) {
      var provider = providers.embeddings(f.deployment.provider());
      if (provider.isEmpty()) {
        f.cancelTimers(scheduler, true);
        lost(f, GatewayError.unsupported("provider '" + f.deployment.provider() + "' does not make embeddings",
            "model"), true);
        return;
      }
      provider.get().embed(ctx.embedding(), f.deployment, control).onComplete(ar -> {
        f.cancelTimers(scheduler, true);
        long nanos = ticker.getAsLong() - a.startNanos();
        if (ar.succeeded()) {
          ctx.attemptSucceeded(a, ar.result().usage(), false, nanos);
          won(f, new Outcome.Embedded(ar.result(), served), null);
        } else {
          lost(f, GatewayError.from(ar.cause()), true);
        }
      });
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

    /** Report (the attempt's end, where the request stands), decide (the rule), act. */
    void lost(Flight f, GatewayError e, boolean report) {
      f.done = true;
      f.cancelTimers(scheduler, true);
      flights.remove(f);
      if (report) {
        ctx.attemptFailed(f.attempt, e, Usage.ZERO, false, ticker.getAsLong() - f.attempt.startNanos());
      }
      if (settled) {
        return;
      }
      if (e.kind() == ErrorKind.CONTEXT_TOO_LONG) {
        failedWindow = Math.max(failedWindow, f.model.contextWindow());
      }
      if (!e.isCancellation()) {
        lastError = e;
      }
      RetryRule.State state = new RetryRule.State(attempts, retries, alternativesLeft(), ctx.deadline().remainingNanos(),
          budget.available(), ctx.clientGone().isCancelled(), !flights.isEmpty());
      RetryDecision decision;
      synchronized (random) { // shared by all event loops; SplittableRandom is not thread-safe
        decision = rule.decide(e, state, random);
      }
      switch (decision) {
        case RetryDecision.FallBack fb -> next();
        case RetryDecision.Wait w -> { } // a hedge is still running; it may yet answer
        case RetryDecision.Retry r -> {
          if (!budget.tryWithdraw()) {
            fail(e); // spent by another request since the decision
            return;
          }
          retries++;
          tried.clear();
          candidate = 0;
          retryTimer = scheduler.schedule(Math.max(1, r.delay().toMillis()), this::next);
        }
        case RetryDecision.Fail x -> fail(x.error());
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

  /** One attempt in flight and its timers. */
  private static final class Flight {
    final Model model;
    final Deployment deployment;
    final CallControl control;
    final Attempt attempt;
    long deadlineTimer = -1;
    long hedgeTimer = -1;
    long ttftTimer = -1;
    boolean firstToken;
    boolean done;

    Flight(Model model, Deployment deployment, CallControl control, Attempt attempt) {
      this.model = model;
      this.deployment = deployment;
      this.control = control;
      this.attempt = attempt;
    }

    /** Cancels the hedge and TTFT timers, and the deadline's too when {@code all}. */
    void cancelTimers(Scheduler scheduler, boolean all) {
      if (all && deadlineTimer >= 0) {
        scheduler.cancel(deadlineTimer);
        deadlineTimer = -1;
      }
      if (hedgeTimer >= 0) {
        scheduler.cancel(hedgeTimer);
        hedgeTimer = -1;
      }
      if (ttftTimer >= 0) {
        scheduler.cancel(ttftTimer);
        ttftTimer = -1;
      }
    }
  }
}
