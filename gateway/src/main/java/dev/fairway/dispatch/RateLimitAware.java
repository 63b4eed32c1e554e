package dev.fairway.dispatch;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import java.util.Set;

/**
 * The available deployment with the most rate-limit headroom left (configured RPM/TPM over the
 * last minute, and the provider's own remaining-requests/tokens headers), so load moves away from
 * a deployment before it starts answering 429. Ties go to weighted round-robin.
 */
final class RateLimitAware implements EndpointSelector {
  private final DeploymentHealth health;
  private final WeightedRoundRobin tieBreak;

  RateLimitAware(DeploymentHealth health) {
    this.health = health;
    this.tieBreak = new WeightedRoundRobin(Eligibility.of(health));
  }

  @Override
  public Deployment select(Model model, Set<String> exclude) {
    double best = -1;
    int bestCount = 0;
    Deployment pick = null;
    for (Deployment d : model.deployments()) {
      if (exclude.contains(d.id())) {
        continue;
      }
      DeploymentState s = health.state(model, d);
      if (!s.available()) {
        continue;
      }
      double h = s.headroom();
      if (h > best + 1e-9) {
        best = h;
        pick = d;
        bestCount = 1;
      } else if (Math.abs(h - best) <= 1e-9) {
        bestCount++;
      }
    }
    if (bestCount > 1) {
      return tieBreak.select(model, exclude);
    }
    return pick;
  }
}
