package dev.fairway.pipeline;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.routing.RouteDecision;

/**
 * Who answered a request and how many attempts it took.
 *
 * @param deployment the deployment that answered, or null when no upstream call did (a cache hit)
 * @param provider that deployment's provider, or null likewise
 */
public record Served(Model model, Deployment deployment, ProviderConfig provider, int attempts, RouteDecision decision) {

  /** An answer that did not come from a provider call. */
  public static Served withoutUpstream(Model model, RouteDecision decision) {
    return new Served(model, null, null, 0, decision);
  }

  public boolean simulated() {
    return provider != null && provider.simulated();
  }
}
