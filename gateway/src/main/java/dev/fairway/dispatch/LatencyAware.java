package dev.fairway.dispatch;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Power of two choices over expected latency: of two available deployments picked at random, the
 * one with the lower EWMA latency × (calls in flight + 1). A deployment with no measurement yet
 * scores 0, so each is tried early. Two random picks rather than the global best keeps one fast
 * deployment from being flooded by every caller at once (Mitzenmacher; Finagle's P2C-EWMA).
 */
final class LatencyAware implements EndpointSelector {
  private final DeploymentHealth health;
  private final RandomGenerator random;

  LatencyAware(DeploymentHealth health, RandomGenerator random) {
    this.health = health;
    this.random = random;
  }

  @Override
  public Deployment select(Model model, Set<String> exclude) {
    List<DeploymentState> ok = new ArrayList<>(model.deployments().size());
    for (Deployment d : model.deployments()) {
      if (!exclude.contains(d.id())) {
        DeploymentState s = health.state(model, d);
        if (s.available()) {
          ok.add(s);
        }
      }
    }
    if (ok.isEmpty()) {
      return null;
    }
    if (ok.size() == 1) {
      return ok.get(0).deployment();
    }
    int a;
    int b;
    synchronized (random) {
      a = random.nextInt(ok.size());
      b = random.nextInt(ok.size() - 1);
    }
    if (b >= a) {
      b++;
    }
    return score(ok.get(a)) <= score(ok.get(b)) ? ok.get(a).deployment() : ok.get(b).deployment();
  }

  private static double score(DeploymentState s) {
    double l = s.ewmaLatencyNanos();
    return (Double.isNaN(l) ? 0 : l) * (s.outstanding() + 1);
  }
}
