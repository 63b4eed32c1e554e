package dev.fairway.dispatch;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Smooth weighted round-robin (the nginx algorithm): over any window, each deployment gets calls in
 * proportion to its weight, interleaved rather than in bursts. Weight 0 takes calls only when no
 * weighted deployment is eligible.
 */
public final class WeightedRoundRobin implements EndpointSelector {
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  @Override
  public Deployment select(Model model, Set<String> exclude) {
    List<Deployment> ds = model.deployments();
    if (ds.size() == 1) {
      Deployment d = ds.get(0);
      return exclude.contains(d.id()) ? null : d;
    }
    return states.computeIfAbsent(model.id(), k -> new State(ds.size())).next(ds, exclude);
  }

  private static final class State {
    private final long[] current;

    State(int n) {
      current = new long[n];
    }

    synchronized Deployment next(List<Deployment> ds, Set<String> exclude) {
      long total = 0;
      int best = -1;
      for (int i = 0; i < ds.size(); i++) {
        Deployment d = ds.get(i);
        if (exclude.contains(d.id()) || d.weight() == 0) {
          continue;
        }
        current[i] += d.weight();
        total += d.weight();
        if (best < 0 || current[i] > current[best]) {
          best = i;
        }
      }
      if (best < 0) {
        for (Deployment d : ds) {
          if (!exclude.contains(d.id())) {
            return d; // only zero-weight spares are left
          }
        }
        return null;
      }
      current[best] -= total;
      return ds.get(best);
    }
  }
}
