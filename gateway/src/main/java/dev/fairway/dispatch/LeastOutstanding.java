package dev.fairway.dispatch;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The available deployment with the fewest calls in flight per unit of weight; ties are broken in
 * rotation so equal deployments share the load.
 */
final class LeastOutstanding implements EndpointSelector {
  private final DeploymentHealth health;
  private final AtomicInteger rotation = new AtomicInteger();

  LeastOutstanding(DeploymentHealth health) {
    this.health = health;
  }

  @Override
  public Deployment select(Model model, Set<String> exclude) {
    List<Deployment> ds = model.deployments();
    int n = ds.size();
    int start = Math.floorMod(rotation.getAndIncrement(), n);
    Deployment best = null;
    double bestScore = Double.MAX_VALUE;
    for (int k = 0; k < n; k++) {
      Deployment d = ds.get((start + k) % n);
      if (exclude.contains(d.id())) {
        continue;
      }
      DeploymentState s = health.state(model, d);
      if (!s.available()) {
        continue;
      }
      double score = (s.outstanding() + 1.0) / Math.max(d.weight(), 1e-3);
      if (score < bestScore) {
        bestScore = score;
        best = d;
      }
    }
    return best;
  }
}
