package dev.fairway.routing;

import dev.fairway.catalog.Capabilities;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.catalog.Prices;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.catalog.Protocol;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built catalogs for router tests. */
final class RouterCatalogs {
  private RouterCatalogs() {}

  record Spec(String id, String owner, double in, double out, int window, Capabilities caps, Double prior,
      String provider) {}

  static Spec spec(String id, double in, double out, double prior) {
    return new Spec(id, "vendor-" + id, in, out, 128_000, Capabilities.ALL, prior, "east");
  }

  static Catalog catalog(Spec... specs) {
    Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    providers.put("east", provider("east", "us-east-1"));
    providers.put("west", provider("west", "eu-west-1"));
    Map<String, Model> models = new LinkedHashMap<>();
    for (Spec s : specs) {
      models.put(s.id(), new Model(s.id(), s.owner(), Prices.of(Double.toString(s.in()), Double.toString(s.out())),
          s.window(), 8192, s.caps(), List.of(Deployment.of(s.provider(), s.id())), s.prior()));
    }
    return new Catalog(providers, models, Map.of(), Map.of());
  }

  static ProviderConfig provider(String id, String region) {
    return new ProviderConfig(id, Protocol.OPENAI, URI.create("http://127.0.0.1:9/v1"), null, Map.of(), null, region, 0,
        Duration.ofSeconds(1), false);
  }

  /** The same catalog with each model's owner replaced. */
  static Catalog withOwners(Catalog c, Map<String, String> owners) {
    Map<String, Model> models = new LinkedHashMap<>();
    c.models().forEach((id, m) -> models.put(id, new Model(id, owners.getOrDefault(id, m.owner()), m.prices(),
        m.contextWindow(), m.maxOutputTokens(), m.capabilities(), m.deployments(), m.qualityPrior(), m.dispatch())));
    return new Catalog(c.providers(), models, c.aliases(), c.fallbacks());
  }
}
