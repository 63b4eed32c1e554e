package dev.fairway.neutrality;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.routing.HousePolicy;
import dev.fairway.routing.RouterSpec;
import dev.fairway.routing.RoutingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * Hashes of what a decision depends on, recorded in every decision record: the routing-relevant
 * configuration (models with owners, prices, capabilities, windows and priors; aliases, fallbacks,
 * routers and their objectives; the house policy) and the trained router model file. Two records
 * with the same hashes were decided under the same policy.
 */
public final class PolicyVersion {
  private PolicyVersion() {}

  /** SHA-256 (hex) of the canonical JSON of the routing-relevant configuration. */
  public static String configHash(Catalog catalog, RoutingSettings routing, HousePolicy policy) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ObjectNode models = root.putObject("models");
    for (Model m : new TreeMap<>(catalog.models()).values()) {
      ObjectNode o = models.putObject(m.id());
      o.put("owner", m.owner()).put("context_window", m.contextWindow()).put("max_output", m.maxOutputTokens())
          .put("input", m.prices().input().toPlainString()).put("output", m.prices().output().toPlainString())
          .put("cached_input", m.prices().cachedInput().toPlainString())
          .put("cache_write", m.prices().cacheWrite().toPlainString());
      if (m.qualityPrior() != null) {
        o.put("quality", m.qualityPrior());
      }
      ArrayNode caps = o.putArray("capabilities");
      m.capabilities().names().forEach(caps::add);
      ArrayNode ds = o.putArray("deployments");
      for (Deployment d : m.deployments()) {
        ds.add(d.id());
      }
    }
    ObjectNode aliases = root.putObject("aliases");
    new TreeMap<>(catalog.aliases()).forEach(aliases::put);
    ObjectNode fallbacks = root.putObject("fallbacks");
    new TreeMap<>(catalog.fallbacks()).forEach((k, v) -> v.forEach(fallbacks.putArray(k)::add));
    ObjectNode routers = root.putObject("routers");
    router(routers, routing.auto());
    new TreeMap<>(routing.routers()).values().forEach(r -> router(routers, r));
    ObjectNode presets = root.putObject("presets");
    new TreeMap<>(routing.presets()).forEach(presets::put);
    ObjectNode p = root.putObject("house_policy");
    policy.owners().forEach(p.putArray("owners")::add);
    p.put("quality_bonus", policy.qualityBonus()).put("price_discount", policy.priceDiscount());
    try {
      return sha256(DecisionRecords.CANONICAL.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void router(ObjectNode out, RouterSpec r) {
    ObjectNode o = out.putObject(r.name());
    o.put("objective", r.objective().describe()).put("max_ttft_ms", r.maxTtftMs()).put("max_cost_usd", r.maxCostUsd());
    r.candidates().forEach(o.putArray("candidates")::add);
    new java.util.TreeSet<>(r.regions()).forEach(o.putArray("regions")::add);
    ArrayNode tasks = o.putArray("tasks");
    for (RouterSpec.TaskRule t : r.tasks()) {
      ObjectNode to = tasks.addObject().put("name", t.name())
          .put("objective", t.objective() == null ? null : t.objective().describe());
      t.candidates().forEach(to.putArray("candidates")::add);
      t.examples().forEach(to.putArray("examples")::add);
    }
  }

  /** SHA-256 (hex) of the router model file, or null when routing runs on priors. */
  public static String routerModelHash(Path modelFile) {
    if (modelFile == null) {
      return null;
    }
    try {
      return sha256(Files.readAllBytes(modelFile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
