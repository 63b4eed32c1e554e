package dev.fairway.config;

import dev.fairway.catalog.Balancing;
import dev.fairway.catalog.Capabilities;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;
import dev.fairway.catalog.ModelDispatch;
import dev.fairway.catalog.Prices;
import dev.fairway.catalog.ProviderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates {@code models:}, {@code aliases:}, {@code fallbacks:} and {@code catalog:} against the
 * built-in catalog and the enabled providers into the {@link Catalog}. A declared model with the
 * id of a built-in one inherits whatever it leaves out; a built-in model whose provider has no
 * credentials is simply not served.
 */
final class ModelsSection {
  private ModelsSection() {}

  static final String BUILTIN_RESOURCE = "/dev/fairway/catalog/builtin-models.yaml";
  private static final Set<String> CAPABILITIES = Set.of("tools", "vision", "json", "embeddings");

  /** The built-in models the file asks for ({@code catalog: {builtin: false}} asks for none), by id. */
  static Map<String, RawConfig.Model> builtin(RawConfig.CatalogOptions options) {
    boolean use = options == null || options.builtin() == null || options.builtin();
    return use ? builtinModels() : Map.of();
  }

  static Catalog read(YamlSource src, RawConfig.File raw, Map<String, RawConfig.Model> builtinModels,
      Map<String, ProviderConfig> providers, List<String> notes) {
    Map<String, Model> models = new LinkedHashMap<>();
    Map<String, String> aliases = new LinkedHashMap<>();
    Set<String> userIds = new HashSet<>();
    // User models first: they override built-ins of the same id and inherit what they leave out.
    if (raw.models() != null) {
      for (int i = 0; i < raw.models().size(); i++) {
        String at = "/models/" + i;
        RawConfig.Model m = raw.models().get(i);
        if (m == null || blank(m.id())) {
          throw src.error(at + "/id", "every model needs an id");
        }
        if (!userIds.add(m.id())) {
          throw src.error(at + "/id", "model '" + m.id() + "' is declared twice");
        }
        Model model = model(src, at, merge(builtinModels.get(m.id()), m), providers, true);
        models.put(model.id(), model);
        addAliases(src, at, model.id(), m.aliases(), aliases);
      }
    }
    for (RawConfig.Model b : builtinModels.values()) {
      if (userIds.contains(b.id())) {
        continue;
      }
      Model model = model(null, "builtin:" + b.id(), b, providers, false);
      if (!model.deployments().isEmpty()) {
        models.put(model.id(), model);
        if (b.aliases() != null) {
          for (String a : b.aliases()) {
            aliases.putIfAbsent(a, model.id());
          }
        }
      }
    }
    if (raw.aliases() != null) {
      raw.aliases().forEach((alias, target) -> {
        String at = "/aliases/" + YamlSource.escape(alias);
        if (models.containsKey(alias)) {
          throw src.error(at, "alias '" + alias + "' has the same name as a model");
        }
        if (target == null || !models.containsKey(target)) {
          throw src.error(at, "alias '" + alias + "' points to '" + target + "', which is not a served model"
              + servedHint(target, builtinModels));
        }
        aliases.put(alias, target);
      });
    }
    Map<String, List<String>> fallbacks = fallbacks(src, raw.fallbacks(), models, aliases, builtinModels);

    // Only providers some model uses need a client; keep the rest out of the catalog.
    Map<String, ProviderConfig> used = new LinkedHashMap<>(providers);
    Set<String> usedIds = new HashSet<>();
    models.values().forEach(m -> m.deployments().forEach(d -> usedIds.add(d.provider())));
    used.keySet().retainAll(usedIds);
    return new Catalog(used, models, aliases, fallbacks);
  }

  private static Map<String, List<String>> fallbacks(YamlSource src, Map<String, List<String>> raw,
      Map<String, Model> models, Map<String, String> aliases, Map<String, RawConfig.Model> builtinModels) {
    Map<String, List<String>> fallbacks = new LinkedHashMap<>();
    if (raw == null) {
      return fallbacks;
    }
    raw.forEach((name, list) -> {
      String at = "/fallbacks/" + YamlSource.escape(name);
      String from = resolve(name, models, aliases);
      if (from == null) {
        throw src.error(at, "'" + name + "' is not a served model or alias" + servedHint(name, builtinModels));
      }
      List<String> resolved = new ArrayList<>();
      for (int i = 0; list != null && i < list.size(); i++) {
        String to = resolve(list.get(i), models, aliases);
        if (to == null) {
          throw src.error(at + "/" + i, "'" + list.get(i) + "' is not a served model or alias"
              + servedHint(list.get(i), builtinModels));
        }
        resolved.add(to);
      }
      fallbacks.put(from, resolved);
    });
    return fallbacks;
  }

  private static RawConfig.Model merge(RawConfig.Model base, RawConfig.Model over) {
    if (base == null) {
      return over;
    }
    return new RawConfig.Model(
        over.id(),
        or(over.owner(), base.owner()),
        over.prices() == null ? base.prices() : over.prices(),
        or(over.contextWindow(), base.contextWindow()),
        or(over.maxOutputTokens(), base.maxOutputTokens()),
        or(over.capabilities(), base.capabilities()),
        or(over.deployments(), base.deployments()),
        or(over.quality(), base.quality()),
        over.aliases(),
        or(over.balancing(), base.balancing()),
        or(over.hedgeAfterMs(), base.hedgeAfterMs()),
        or(over.ttftTimeoutMs(), base.ttftTimeoutMs()),
        or(over.streamIdleTimeoutMs(), base.streamIdleTimeoutMs()),
        or(over.headersTimeoutMs(), base.headersTimeoutMs()));
  }

  /** One model; {@code src} null means the built-in catalog, whose mistakes are the gateway's own. */
  private static Model model(YamlSource src, String at, RawConfig.Model m, Map<String, ProviderConfig> providers,
      boolean user) {
    String id = m.id();
    if (blank(m.owner())) {
      throw err(src, at, "model '" + id + "' needs an owner (who makes it, e.g. openai, meta, mistral)");
    }
    if (m.prices() == null || m.prices().input() == null || m.prices().output() == null) {
      throw err(src, at + "/prices", "model '" + id + "' needs prices: {input: USD per million tokens, output: ...}");
    }
    RawConfig.Prices rp = m.prices();
    for (Map.Entry<String, BigDecimal> e : List.of(
        Map.entry("input", rp.input()), Map.entry("output", rp.output()),
        Map.entry("cached_input", Objects.requireNonNullElse(rp.cachedInput(), BigDecimal.ZERO)),
        Map.entry("cache_write", Objects.requireNonNullElse(rp.cacheWrite(), BigDecimal.ZERO)))) {
      if (e.getValue().signum() < 0) {
        throw err(src, at + "/prices/" + e.getKey(), "a price cannot be negative");
      }
    }
    if (m.contextWindow() == null || m.contextWindow() <= 0) {
      throw err(src, at + "/context_window", "model '" + id + "' needs a positive context_window (tokens)");
    }
    boolean tools = false;
    boolean vision = false;
    boolean json = false;
    boolean embeddings = false;
    if (m.capabilities() != null) {
      for (int i = 0; i < m.capabilities().size(); i++) {
        String c = m.capabilities().get(i);
        if (!CAPABILITIES.contains(c)) {
          throw err(src, at + "/capabilities/" + i, "unknown capability '" + c
              + "' (expected tools, vision, json or embeddings)");
        }
        tools |= c.equals("tools");
        vision |= c.equals("vision");
        json |= c.equals("json");
        embeddings |= c.equals("embeddings");
      }
      if (embeddings && (tools || vision || json)) {
        throw err(src, at + "/capabilities", "an embedding model serves no chat: 'embeddings' excludes tools, vision"
            + " and json");
      }
    }
    if (m.quality() != null && (m.quality() < 0 || m.quality() > 1)) {
      throw err(src, at + "/quality", "quality prior must be between 0 and 1");
    }
    List<Deployment> deployments = deployments(src, at, m, providers, user);
    int maxOut = m.maxOutputTokens() == null ? 0 : m.maxOutputTokens();
    Prices prices = new Prices(rp.input(), rp.output(), rp.cachedInput(), rp.cacheWrite());
    Balancing balancing = Balancing.WEIGHTED;
    if (m.balancing() != null) {
      balancing = Balancing.parse(m.balancing()).orElseThrow(() -> err(src, at + "/balancing", "unknown balancing '"
          + m.balancing() + "' (expected weighted, least-outstanding, latency or rate-limit)"));
    }
    ModelDispatch dispatch = new ModelDispatch(balancing,
        positiveMillis(src, at + "/hedge_after_ms", m.hedgeAfterMs()),
        positiveMillis(src, at + "/ttft_timeout_ms", m.ttftTimeoutMs()),
        positiveMillis(src, at + "/stream_idle_timeout_ms", m.streamIdleTimeoutMs()),
        positiveMillis(src, at + "/headers_timeout_ms", m.headersTimeoutMs()));
    return new Model(id, m.owner(), prices, m.contextWindow(), maxOut,
        new Capabilities(tools, vision, json, embeddings), deployments, m.quality(), dispatch);
  }

  private static List<Deployment> deployments(YamlSource src, String at, RawConfig.Model m,
      Map<String, ProviderConfig> providers, boolean user) {
    String id = m.id();
    List<Deployment> deployments = new ArrayList<>();
    List<RawConfig.Deployment> rds = m.deployments() == null ? List.of() : m.deployments();
    if (user && rds.isEmpty()) {
      throw err(src, at + "/deployments", "model '" + id + "' needs at least one deployment ({provider: ..., model: ...})");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < rds.size(); i++) {
      RawConfig.Deployment d = rds.get(i);
      String dat = at + "/deployments/" + i;
      if (d == null || blank(d.provider())) {
        throw err(src, dat, "a deployment needs a provider");
      }
      ProviderConfig p = providers.get(d.provider());
      if (p == null) {
        if (!user) {
          continue; // built-in model on a provider without credentials: simply not served
        }
        String hint = BuiltinProviders.isBuiltin(d.provider())
            ? "provider '" + d.provider() + "' is not enabled: set " + BuiltinProviders.CREDENTIAL_HINTS.get(d.provider())
            : "unknown provider '" + d.provider() + "' (declare it under providers:)";
        throw err(src, dat + "/provider", hint);
      }
      String upstream = blank(d.model()) ? id : d.model();
      if (src != null) {
        ValueChecks.clean(src, dat + "/model", d.model());
      }
      int weight = d.weight() == null ? 1 : d.weight();
      if (weight < 0) {
        throw err(src, dat + "/weight", "weight cannot be negative");
      }
      String did = blank(d.id()) ? d.provider() + "/" + upstream : d.id();
      if (!ids.add(did)) {
        throw err(src, dat, "deployment '" + did + "' is declared twice for model '" + id + "' (give one an id)");
      }
      int rpm = d.rpm() == null ? 0 : d.rpm();
      int tpm = d.tpm() == null ? 0 : d.tpm();
      if (rpm < 0 || tpm < 0) {
        throw err(src, dat + (rpm < 0 ? "/rpm" : "/tpm"), "a rate limit cannot be negative");
      }
      deployments.add(new Deployment(did, d.provider(), upstream, weight, rpm, tpm));
    }
    return deployments;
  }

  private static Duration positiveMillis(YamlSource src, String at, Long ms) {
    if (ms == null) {
      return null;
    }
    if (ms <= 0) {
      throw err(src, at, "must be a positive number of milliseconds");
    }
    return Duration.ofMillis(ms);
  }

  private static void addAliases(YamlSource src, String at, String id, List<String> list, Map<String, String> aliases) {
    if (list == null) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String prev = aliases.putIfAbsent(list.get(i), id);
      if (prev != null && !prev.equals(id)) {
        throw src.error(at + "/aliases/" + i, "alias '" + list.get(i) + "' already names model '" + prev + "'");
      }
    }
  }

  private static String servedHint(String name, Map<String, RawConfig.Model> builtin) {
    RawConfig.Model b = name == null ? null : builtin.get(name);
    if (b == null || b.deployments() == null || b.deployments().isEmpty()) {
      return "";
    }
    String p = b.deployments().get(0).provider();
    String hint = BuiltinProviders.CREDENTIAL_HINTS.get(p);
    return hint == null ? "" : " (it is in the built-in catalog: set " + hint + " to enable it)";
  }

  private static String resolve(String name, Map<String, Model> models, Map<String, String> aliases) {
    if (name == null) {
      return null;
    }
    if (models.containsKey(name)) {
      return name;
    }
    String t = aliases.get(name);
    return t != null && models.containsKey(t) ? t : null;
  }

  /** Built-in models by id, in file order. */
  static Map<String, RawConfig.Model> builtinModels() {
    try (InputStream in = ModelsSection.class.getResourceAsStream(BUILTIN_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("built-in catalog missing from the jar: " + BUILTIN_RESOURCE);
      }
      YamlSource src = YamlSource.parse("builtin-models.yaml", in.readAllBytes());
      RawConfig.Model[] list = Binder.bind(src, src.root.path("models"), "/models", RawConfig.Model[].class);
      Map<String, RawConfig.Model> out = new LinkedHashMap<>();
      for (RawConfig.Model m : list) {
        out.put(m.id(), m);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ConfigException err(YamlSource src, String at, String problem) {
    if (src == null) {
      throw new IllegalStateException("built-in catalog, " + at + ": " + problem);
    }
    return src.error(at, problem);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static <T> T or(T a, T b) {
    return a != null ? a : b;
  }
}
