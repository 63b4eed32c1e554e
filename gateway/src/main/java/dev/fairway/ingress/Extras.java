package dev.fairway.ingress;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the gateway's features add to the front door: gates in front of the operator's endpoints
 * (the master key before {@code /admin/*}, the master key or a metrics token before
 * {@code /metrics}) and their own routes (the keys and teams admin API, spend reports, the
 * transparency log...), mounted on every ingress's router.
 *
 * @param adminGate runs before every {@code /admin/*} route, or null for none (no master key)
 * @param metricsGate runs before {@code /metrics}, or null for none
 * @param mounts add routes; each is called once per ingress
 */
public record Extras(Handler<RoutingContext> adminGate, Handler<RoutingContext> metricsGate,
    List<Consumer<Router>> mounts) {
  public static final Extras NONE = new Extras(null, null, List.of());

  public Extras {
    mounts = List.copyOf(mounts);
  }
}
