package dev.fairway.telemetry;

import dev.fairway.api.GatewayError;
import dev.fairway.api.Usage;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.dispatch.CircuitBreaker;
import dev.fairway.dispatch.DeploymentHealth;
import dev.fairway.dispatch.DeploymentState;
import dev.fairway.pipeline.Attempt;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.metering.Pricing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics fed by call events: attempts by outcome, latency and time to first token,
 * tokens and cost (partial usage of failed streams included), and each deployment's circuit state
 * and calls in flight. Meters are registered once per deployment at start, so recording is a map
 * lookup and an increment.
 */
public final class Metrics implements CallEvents {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Key, Meters> meters = new HashMap<>();

  private record Meters(Counter ok, Counter failed, Timer latency, Timer ttft, Counter inputTokens,
      Counter outputTokens, Counter cachedTokens, DistributionSummary cost, Model model) {}

  public Metrics(Catalog catalog, DeploymentHealth health) {
    for (Model m : catalog.allModels()) {
      for (Deployment d : m.deployments()) {
        Tags t = Tags.of("model", m.id(), "deployment", d.id(), "provider", d.provider());
        meters.put(key(m, d), new Meters(
            Counter.builder("fairway.attempts").tags(t).tag("outcome", "success").register(registry),
            Counter.builder("fairway.attempts").tags(t).tag("outcome", "failure").register(registry),
            Timer.builder("fairway.attempt.latency").tags(t).register(registry),
            Timer.builder("fairway.attempt.ttft").description("time to first token of streams").tags(t)
                .register(registry),
            Counter.builder("fairway.tokens").tags(t).tag("type", "input").register(registry),
            Counter.builder("fairway.tokens").tags(t).tag("type", "output").register(registry),
            Counter.builder("fairway.tokens").tags(t).tag("type", "cached_input").register(registry),
            DistributionSummary.builder("fairway.cost.usd").tags(t).register(registry),
            m));
      }
    }
    for (DeploymentState s : health.all()) {
      Tags t = Tags.of("model", s.modelId(), "deployment", s.deployment().id(), "provider", s.deployment().provider());
      Gauge.builder("fairway.deployment.circuit", s, st -> circuitValue(st.breaker().state()))
          .description("0 closed, 1 half-open, 2 open").tags(t).register(registry);
      Gauge.builder("fairway.deployment.circuit.opens", s, st -> st.breaker().opens()).tags(t).register(registry);
      Gauge.builder("fairway.deployment.outstanding", s, DeploymentState::outstanding).tags(t).register(registry);
    }
  }

  private static double circuitValue(CircuitBreaker.State s) {
    return switch (s) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  /** A map key with no string building per call (the ids' hash codes are cached). */
  private record Key(String model, String deployment) {}

  private static Key key(Model m, Deployment d) {
    return new Key(m.id(), d.id());
  }

  private Meters of(Attempt a) {
    return meters.get(key(a.model(), a.deployment()));
  }

  @Override
  public void firstToken(Attempt a, long nanos) {
    Meters m = of(a);
    if (m != null) {
      m.ttft().record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void attemptSucceeded(Attempt a, Usage usage, long nanos) {
    Meters m = of(a);
    if (m != null) {
      m.ok().increment();
      m.latency().record(nanos, TimeUnit.NANOSECONDS);
      meter(m, usage);
    }
  }

  @Override
  public void attemptFailed(Attempt a, GatewayError error, Usage partial, long nanos) {
    Meters m = of(a);
    if (m != null) {
      m.failed().increment();
      m.latency().record(nanos, TimeUnit.NANOSECONDS);
      meter(m, partial);
    }
  }

  private static void meter(Meters m, Usage u) {
    if (u.totalTokens() == 0) {
      return;
    }
    m.inputTokens().increment(u.inputTokens());
    m.outputTokens().increment(u.outputTokens());
    m.cachedTokens().increment(u.cachedInputTokens());
    m.cost().record(Pricing.cost(m.model().prices(), u).doubleValue());
  }

  /** The registry, for components that publish meters of their own (the outbox, the ledger). */
  public io.micrometer.core.instrument.MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }
}
