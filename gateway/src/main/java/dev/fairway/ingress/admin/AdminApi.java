package dev.fairway.ingress.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.dispatch.DeploymentHealth;
import dev.fairway.dispatch.DeploymentState;
import dev.fairway.provider.Json;
import dev.fairway.telemetry.Metrics;
import io.vertx.ext.web.RoutingContext;

/**
 * Operator endpoints: {@code GET /admin/health} (every deployment's circuit, load, latency and
 * rate-limit state), {@code POST /admin/health/reset}, and {@code GET /metrics} (Prometheus).
 */
public final class AdminApi {
  private final DeploymentHealth health;
  private final Metrics metrics;

  public AdminApi(DeploymentHealth health, Metrics metrics) {
    this.health = health;
    this.metrics = metrics;
  }

  public void health(RoutingContext rc) {
    ObjectNode out = Json.NODES.objectNode();
    ArrayNode ds = Json.NODES.arrayNode();
    int unavailable = 0;
    for (DeploymentState s : health.all()) {
      boolean ok = s.available();
      unavailable += ok ? 0 : 1;
      ObjectNode d = ds.addObject();
      d.put("model", s.modelId());
      d.put("deployment", s.deployment().id());
      d.put("provider", s.deployment().provider());
      d.put("circuit", s.breaker().state().name().toLowerCase().replace('_', '-'));
      d.put("circuit_opens", s.breaker().opens());
      d.put("available", ok);
      d.put("outstanding", s.outstanding());
      putMillis(d, "ewma_latency_ms", s.ewmaLatencyNanos());
      putMillis(d, "ewma_ttft_ms", s.ewmaTtftNanos());
      d.put("cooldown_ms", s.cooldownRemainingNanos() / 1_000_000);
      d.put("rate_limit_headroom", Math.round(s.headroom() * 1000) / 1000.0);
    }
    out.put("status", unavailable == 0 ? "ok" : unavailable == health.all().size() ? "down" : "degraded");
    out.set("deployments", ds);
    rc.response().putHeader("content-type", "application/json").end(out.toString());
  }

  private static void putMillis(ObjectNode o, String field, double nanos) {
    if (Double.isNaN(nanos)) {
      o.putNull(field);
    } else {
      o.put(field, Math.round(nanos / 1e4) / 100.0);
    }
  }

  /** {@code POST /admin/health/reset}: close every circuit, lift every cooldown. */
  public void resetHealth(RoutingContext rc) {
    health.reset();
    health(rc);
  }

  public void metrics(RoutingContext rc) {
    rc.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
  }
}
