package dev.fairway.dispatch;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import java.util.Set;

/** Chooses which of a model's deployments takes the next call. Implementations are thread-safe. */
public interface EndpointSelector {

  /** A deployment of {@code model} not in {@code exclude} (ids), or null when none is eligible. */
  Deployment select(Model model, Set<String> exclude);
}
