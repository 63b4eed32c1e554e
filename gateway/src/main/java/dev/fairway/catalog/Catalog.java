package dev.fairway.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything callable, validated and immutable: providers, models (each with at least one
 * deployment on an enabled provider), aliases and configured fallback lists.
 */
public record Catalog(
    Map<String, ProviderConfig> providers,
    Map<String, Model> models,
    Map<String, String> aliases,
    Map<String, List<String>> fallbacks) {

  public Catalog {
    providers = unmodifiableCopy(providers);
    models = unmodifiableCopy(models);
    aliases = unmodifiableCopy(aliases);
    Map<String, List<String>> f = new LinkedHashMap<>();
    fallbacks.forEach((k, v) -> f.put(k, List.copyOf(v)));
    fallbacks = java.util.Collections.unmodifiableMap(f);
  }

  /** Keeps declaration order, which is the order models are listed to clients. */
  private static <V> Map<String, V> unmodifiableCopy(Map<String, V> m) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** The model with this id or alias. */
  public Optional<Model> find(String nameOrAlias) {
    Model m = models.get(nameOrAlias);
    if (m == null) {
      String target = aliases.get(nameOrAlias);
      if (target != null) {
        m = models.get(target);
      }
    }
    return Optional.ofNullable(m);
  }

  /** Configured fallbacks for a model id (after alias resolution), or an empty list. */
  public List<String> fallbacksOf(String modelId) {
    return fallbacks.getOrDefault(modelId, List.of());
  }

  public ProviderConfig provider(String id) {
    ProviderConfig p = providers.get(id);
    if (p == null) {
      throw new IllegalArgumentException("unknown provider " + id);
    }
    return p;
  }

  public Collection<Model> allModels() {
    return models.values();
  }
}
