package dev.fairway.dispatch;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Smooth weighted round-robin (the nginx algorithm): over any window, each available deployment
 * gets calls in proportion to its weight, interleaved rather than in bursts. Weight 0 takes calls
 * only when no weighted deployment is available.
 */
public final class WeightedRoundRobin implements EndpointSelector {
  private final Eligibility eligible;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  /** Every deployment counts as available (no health information). */
  public WeightedRoundRobin() {
    this(Eligibility.ALWAYS);
  }

  public WeightedRoundRobin(Eligibility eligible) {
    this.eligible = eligible;
  }

  @Override
  public Deployment select(Model model, Set<String> exclude) {
    List<Deployment> ds = model.deployments();
    if (ds.size() == 1) {
      Deployment d = ds.get(0);
      return exclude.contains(d.id()) || !eligible.test(model, d) ? null : d;
    }
    return states.computeIfAbsent(model.id(), k -> new State(ds.size())).next(model, ds, exclude, eligible);
  }

  private static final class State {
    private final long[] current;

    State(int n) {
      current = new long[n];
    }

    synchronized Deployment next(Model model, List<Deployment> ds, Set<String> exclude, Eligibility eligible) {
      long total = 0;
      int best = -1;
      Deployment spare = null;
      for (int i = 0; i < ds.size(); i++) {
        Deployment d = ds.get(i);
        if (exclude.contains(d.id()) || !eligible.test(model, d)) {
          continue;
        }
        if (d.weight() == 0) {
          spare = spare == null ? d : spare;
          continue;
        }
        current[i] += d.weight();
        total += d.weight();
        if (best < 0 || current[i] > current[best]) {
          best = i;
        }
      }
      if (best < 0) {
        return spare;
      }
      current[best] -= total;
      return ds.get(best);
    }
  }
}
