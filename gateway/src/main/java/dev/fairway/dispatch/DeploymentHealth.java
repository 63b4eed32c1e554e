package dev.fairway.dispatch;

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
import dev.fairway.provider.RateLimits;
import dev.fairway.routing.StatsSnapshot;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The live state of every deployment, kept up to date by listening to call events: the
 * dispatcher changes nothing here directly except claiming a circuit probe. Rate-limit headers
 * arrive through {@link #observe}.
 */
public final class DeploymentHealth implements CallEvents {
  /** Cooldown after a 429 that gave no Retry-After. */
  static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(1);

  private final Map<Key, DeploymentState> states;

  public DeploymentHealth(Catalog catalog, DispatchSettings settings, LongSupplier ticker) {
    Map<Key, DeploymentState> m = new LinkedHashMap<>();
    CircuitBreaker.Config bc = CircuitBreaker.Config.from(settings.breaker());
    for (Model model : catalog.allModels()) {
      for (Deployment d : model.deployments()) {
        m.put(key(model.id(), d.id()), new DeploymentState(model.id(), d, new CircuitBreaker(bc, ticker), ticker));
      }
    }
    this.states = Map.copyOf(m);
  }

  /** A map key with no string building per call (the ids' hash codes are cached). */
  private record Key(String model, String deployment) {}

  private static Key key(String model, String deployment) {
    return new Key(model, deployment);
  }

  public DeploymentState state(Model model, Deployment d) {
    DeploymentState s = states.get(key(model.id(), d.id()));
    if (s == null) {
      throw new IllegalArgumentException("unknown deployment " + d.id() + " of " + model.id());
    }
    return s;
  }

  /**
   * Per model, the expected time to first token of its fastest available deployment, for routing:
   * the EWMA of first tokens where streams measured one, else of whole calls (an upper bound).
   */
  public StatsSnapshot snapshot() {
    Map<String, Double> best = new java.util.HashMap<>();
    for (DeploymentState s : states.values()) {
      if (!s.available()) {
        continue;
      }
      double t = Double.isNaN(s.ewmaTtftNanos()) ? s.ewmaLatencyNanos() : s.ewmaTtftNanos();
      if (!Double.isNaN(t)) {
        best.merge(s.modelId(), t / 1e6, Math::min);
      }
    }
    return new StatsSnapshot(best);
  }

  public Collection<DeploymentState> all() {
    return states.values();
  }

  /** Closes every circuit and lifts every cooldown: an operator's "try them all again". */
  public void reset() {
    states.values().forEach(DeploymentState::reset);
  }

  public void observe(Model model, Deployment d, RateLimits limits) {
    state(model, d).observe(limits);
  }

  @Override
  public void attemptStarted(Attempt a) {
    state(a.model(), a.deployment()).started();
  }

  @Override
  public void firstToken(Attempt a, long nanos) {
    state(a.model(), a.deployment()).firstToken(nanos);
  }

  @Override
  public void attemptSucceeded(Attempt a, Usage usage, long nanos) {
    state(a.model(), a.deployment()).succeeded(usage.totalTokens(), nanos, a.stream());
  }

  @Override
  public void attemptFailed(Attempt a, GatewayError e, Usage partial, long nanos) {
    DeploymentState s = state(a.model(), a.deployment());
    switch (verdict(e)) {
      case FAILURE -> s.failed(nanos);
      case COOL_DOWN -> s.coolDown((e.retryAfter() != null ? e.retryAfter() : DEFAULT_COOLDOWN).toNanos());
      case NEUTRAL -> s.neutral();
    }
  }

  enum Verdict { FAILURE, COOL_DOWN, NEUTRAL }

  /** Whose fault a failed attempt was, as far as this deployment's health goes. */
  static Verdict verdict(GatewayError e) {
    // Cancellations (client gone, hedge lost) and the request's own deadline say nothing about
    // the deployment; a time-to-first-token or idle limit it missed does.
    if (e.isCancellation() || e.reason() == Reason.DEADLINE_EXCEEDED) {
      return Verdict.NEUTRAL;
    }
    if (e.kind() == ErrorKind.RATE_LIMITED || (e.kind() == ErrorKind.OVERLOADED && e.retryAfter() != null)) {
      return Verdict.COOL_DOWN;
    }
    return switch (e.kind()) {
      case UPSTREAM, CONNECTION, TIMEOUT, OVERLOADED, INTERNAL -> Verdict.FAILURE;
      case CANCELLED -> Verdict.NEUTRAL;
      default -> Verdict.NEUTRAL; // the request's fault (invalid, too long, filtered...), not the deployment's
    };
  }
}
