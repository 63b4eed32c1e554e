package dev.fairway.dispatch;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Selects a deployment with the strategy each model declares ({@code balancing:} in its config). */
public final class Balancer implements EndpointSelector {
  private final WeightedRoundRobin weighted;
  private final LeastOutstanding leastOutstanding;
  private final LatencyAware latency;
  private final RateLimitAware rateLimit;

  public Balancer(DeploymentHealth health, RandomGenerator random) {
    this.weighted = new WeightedRoundRobin(Eligibility.of(health));
    this.leastOutstanding = new LeastOutstanding(health);
    this.latency = new LatencyAware(health, random);
    this.rateLimit = new RateLimitAware(health);
  }

  @Override
  public Deployment select(Model model, Set<String> exclude) {
    return switch (model.dispatch().balancing()) {
      case WEIGHTED -> weighted.select(model, exclude);
      case LEAST_OUTSTANDING -> leastOutstanding.select(model, exclude);
      case LATENCY -> latency.select(model, exclude);
      case RATE_LIMIT -> rateLimit.select(model, exclude);
    };
  }
}
