package dev.fairway.config;

import dev.fairway.routing.StickySessions;
import dev.fairway.routing.HousePolicy;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.routing.BuiltinTasks;
import dev.fairway.routing.Objective;
import dev.fairway.routing.RouterSpec;
import dev.fairway.routing.RoutingSettings;
import dev.fairway.routing.embed.Embedders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Model;
/**
 * Validates the {@code routing:} and {@code routers:} sections into {@link RoutingSettings}; a
 * mistake names its file, line and field like the rest of the configuration.
 */
final class RoutingConfig {
  private RoutingConfig() {}

  static RoutingSettings settings(YamlSource src, RawConfig.Routing r, Map<String, RawConfig.Router> routers,
      Catalog catalog, Set<String> builtinIds, List<String> notes) {
    RoutingSettings def = RoutingSettings.defaults();
    Path modelFile = null;
    Map<String, String> modelMap = Map.of();
    String embedder = def.embedder();
    int window = def.windowChars();
    int outTokens = def.expectedOutputTokens();
    Map<String, Double> presets = new LinkedHashMap<>(def.presets());
    double minSim = def.minTaskSimilarity();
    if (r != null) {
      if (r.modelFile() != null && !r.modelFile().isBlank()) {
        modelFile = relativeTo(src, r.modelFile());
        if (!Files.isRegularFile(modelFile)) {
          throw src.error("/routing/model_file", "file not found: " + modelFile + " (make one with ./fairway train)");
        }
      }
      if (r.modelMap() != null) {
        r.modelMap().forEach((data, target) -> {
          if (target == null || catalog.find(target).isEmpty() && !builtinIds.contains(target)) {
            throw src.error("/routing/model_map/" + YamlSource.escape(data), "'" + target + "' is not a model in the catalog");
          }
        });
        Map<String, String> mm = new LinkedHashMap<>();
        r.modelMap().forEach((data, target) -> mm.put(data, catalog.find(target).map(Model::id).orElse(target)));
        modelMap = mm;
      }
      if (r.embedder() != null) {
        if (r.embedder().equals("none")) {
          embedder = "none";
        } else {
          try {
            embedder = Embedders.canonical(r.embedder());
          } catch (IllegalArgumentException e) {
            throw src.error("/routing/embedder", "unknown embedder '" + r.embedder() + "' (expected minilm, bge or none)");
          }
        }
      }
      if (r.windowChars() != null) {
        if (r.windowChars() < 16) {
          throw src.error("/routing/window_chars", "must be at least 16, got " + r.windowChars());
        }
        window = r.windowChars();
      }
      if (r.expectedOutputTokens() != null) {
        if (r.expectedOutputTokens() < 1) {
          throw src.error("/routing/expected_output_tokens", "must be at least 1");
        }
        outTokens = r.expectedOutputTokens();
      }
      if (r.presets() != null) {
        for (Map.Entry<String, Double> e : r.presets().entrySet()) {
          String at = "/routing/presets/" + YamlSource.escape(e.getKey());
          if (!RoutingSettings.PRESETS.contains(e.getKey())) {
            throw src.error(at, "unknown preset '" + e.getKey() + "' (expected quality, balanced or cost)");
          }
          if (e.getValue() == null || e.getValue() < 0 || e.getValue() > 1) {
            throw src.error(at, "a preset is a quality delta between 0 and 1");
          }
          presets.put(e.getKey(), e.getValue());
        }
      }
      if (r.minTaskSimilarity() != null) {
        if (r.minTaskSimilarity() < -1 || r.minTaskSimilarity() > 1) {
          throw src.error("/routing/min_task_similarity", "must be between -1 and 1");
        }
        minSim = r.minTaskSimilarity();
      }
    }

    RouterSpec auto = def.auto();
    Map<String, RouterSpec> named = new LinkedHashMap<>();
    if (routers != null) {
      for (Map.Entry<String, RawConfig.Router> e : routers.entrySet()) {
        String name = e.getKey();
        String at = "/routers/" + YamlSource.escape(name);
        if (name.startsWith(RoutingSettings.AUTO + ":")) {
          throw src.error(at, "router names may not start with 'auto:' (auto:quality, auto:balanced and auto:cost"
              + " are presets of auto)");
        }
        if (catalog.find(name).isPresent()) {
          throw src.error(at, "router '" + name + "' has the same name as a model or alias");
        }
        boolean isAuto = RoutingSettings.AUTO.equals(name);
        RouterSpec spec = router(src, at, name, e.getValue(), isAuto ? auto : null, catalog, builtinIds, notes);
        if (isAuto) {
          auto = spec;
        } else {
          named.put(name, spec);
        }
      }
    }
    return new RoutingSettings(modelFile, modelMap, embedder, window, outTokens, presets, minSim, auto, named);
  }

  private static Path relativeTo(YamlSource src, String file) {
    Path p = Path.of(file);
    if (p.isAbsolute() || src == null) {
      return p;
    }
    Path dir = Path.of(src.name).toAbsolutePath().getParent();
    return dir == null ? p : dir.resolve(p).normalize();
  }

  private static RouterSpec router(YamlSource src, String at, String name, RawConfig.Router r, RouterSpec base,
      Catalog catalog, Set<String> builtinIds, List<String> notes) {
    if (r == null) {
      throw src.error(at, "a router needs at least an objective or candidates");
    }
    List<String> candidates = r.candidates() == null
        ? (base == null ? List.of() : base.candidates())
        : models(src, at + "/candidates", r.candidates(), catalog, builtinIds, notes, name);
    Objective objective = r.objective() == null
        ? (base == null ? new Objective.Utility(RoutingSettings.DEFAULT_LAMBDA, 0) : base.objective())
        : objective(src, at + "/objective", r.objective());
    double ttft = nonNegative(src, at + "/max_ttft_ms", r.maxTtftMs());
    double cost = nonNegative(src, at + "/max_cost_usd", r.maxCostUsd());
    Set<String> regions = r.regions() == null ? Set.of() : new HashSet<>(r.regions());
    List<RouterSpec.TaskRule> tasks = tasks(src, at + "/tasks", r.tasks(), base == null ? List.of() : base.tasks(),
        catalog, builtinIds, notes, name);
    return new RouterSpec(name, candidates, objective, ttft, cost, regions, tasks);
  }

  private static double nonNegative(YamlSource src, String at, Double v) {
    if (v == null) {
      return 0;
    }
    if (v < 0) {
      throw src.error(at, "must be >= 0");
    }
    return v;
  }

  private static List<String> models(YamlSource src, String at, List<String> names, Catalog catalog,
      Set<String> builtinIds, List<String> notes, String router) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      var m = n == null ? java.util.Optional.<Model>empty() : catalog.find(n);
      if (m.isPresent()) {
        if (!out.contains(m.get().id())) {
          out.add(m.get().id());
        }
      } else if (n != null && builtinIds.contains(n)) {
        notes.add("router " + router + ": candidate " + n + " is not served here (its provider has no credentials)");
      } else {
        throw src.error(at + "/" + i, "'" + n + "' is not a served model or alias");
      }
    }
    return out;
  }

  static Objective objective(YamlSource src, String at, RawConfig.Objective o) {
    String type = o.type() == null ? "" : o.type();
    return switch (type) {
      case "threshold" -> {
        double d = o.delta() == null ? 0.05 : o.delta();
        if (d < 0 || d > 1) {
          throw src.error(at + "/delta", "delta is a quality difference between 0 and 1, got " + d);
        }
        yield new Objective.Threshold(d);
      }
      case "utility" -> {
        double l = o.lambda() == null ? RoutingSettings.DEFAULT_LAMBDA : o.lambda();
        double mu = o.mu() == null ? 0 : o.mu();
        if (l < 0 || mu < 0) {
          throw src.error(at, "lambda and mu must be >= 0");
        }
        yield new Objective.Utility(l, mu);
      }
      default -> throw src.error(at + "/type", "unknown objective '" + type + "' (expected threshold or utility)");
    };
  }

  private static List<RouterSpec.TaskRule> tasks(YamlSource src, String at, JsonNode node,
      List<RouterSpec.TaskRule> inherited, Catalog catalog, Set<String> builtinIds, List<String> notes, String router) {
    if (node == null || node.isNull()) {
      return inherited;
    }
    if (node.isTextual()) {
      return switch (node.asText()) {
        case "builtin" -> BuiltinTasks.rules();
        case "none" -> List.of();
        default -> throw src.error(at, "expected builtin, none, or a mapping of task classes");
      };
    }
    if (!node.isObject()) {
      throw src.error(at, "expected builtin, none, or a mapping of task classes");
    }
    List<RouterSpec.TaskRule> rules = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String tat = at + "/" + YamlSource.escape(e.getKey());
      RawConfig.Task t = Binder.bind(src, e.getValue(), tat, RawConfig.Task.class);
      if (t == null || t.examples() == null || t.examples().isEmpty()) {
        throw src.error(tat + "/examples", "a task class needs example prompts");
      }
      for (int i = 0; i < t.examples().size(); i++) {
        if (t.examples().get(i) == null || t.examples().get(i).isBlank()) {
          throw src.error(tat + "/examples/" + i, "an example prompt must not be empty");
        }
      }
      if (t.candidates() == null && t.objective() == null) {
        throw src.error(tat, "a task class needs candidates, an objective, or both");
      }
      List<String> cands = t.candidates() == null ? List.of()
          : models(src, tat + "/candidates", t.candidates(), catalog, builtinIds, notes, router);
      Objective obj = t.objective() == null ? null : objective(src, tat + "/objective", t.objective());
      rules.add(new RouterSpec.TaskRule(e.getKey(), t.examples(), cands, obj));
    }
    return rules;
  }

  /** {@code routing.house_policy}: off unless it names owners. */
  static HousePolicy housePolicy(YamlSource src, RawConfig.Routing r, Catalog catalog, List<String> notes) {
    RawConfig.HousePolicy h = r == null ? null : r.housePolicy();
    if (h == null) {
      return HousePolicy.NONE;
    }
    String at = "/routing/house_policy";
    List<String> owners = new ArrayList<>();
    List<String> raw = h.owners() == null ? List.of() : h.owners();
    Set<String> known = new HashSet<>();
    catalog.allModels().forEach(m -> known.add(m.owner()));
    for (int i = 0; i < raw.size(); i++) {
      String o = raw.get(i);
      if (o == null || o.isBlank()) {
        throw src.error(at + "/owners/" + i, "an owner must not be empty");
      }
      if (!known.contains(o)) {
        notes.add("house policy: no served model is owned by " + o);
      }
      owners.add(o);
    }
    double bonus = h.qualityBonus() == null ? 0 : h.qualityBonus();
    if (bonus < 0 || bonus > 1) {
      throw src.error(at + "/quality_bonus", "must be between 0 and 1");
    }
    double discount = h.priceDiscount() == null ? 0 : h.priceDiscount();
    if (discount < 0 || discount >= 1) {
      throw src.error(at + "/price_discount", "must be at least 0 and below 1");
    }
    if (owners.isEmpty() && (bonus > 0 || discount > 0)) {
      throw src.error(at + "/owners", "a house policy needs the owners it favours");
    }
    return new HousePolicy(owners, bonus, discount);
  }

  /** {@code routing.sticky}: on unless {@code enabled: false}. */
  static StickySessions sticky(YamlSource src, RawConfig.Routing r) {
    RawConfig.Sticky s = r == null ? null : r.sticky();
    if (s == null) {
      return StickySessions.DEFAULT;
    }
    StickySessions d = StickySessions.DEFAULT;
    long ttl = s.ttlSeconds() == null ? d.ttl().toSeconds() : s.ttlSeconds();
    if (ttl <= 0) {
      throw src.error("/routing/sticky/ttl_seconds", "must be positive");
    }
    int max = s.maxSessions() == null ? d.maxSessions() : s.maxSessions();
    if (max < 1) {
      throw src.error("/routing/sticky/max_sessions", "must be positive");
    }
    return new StickySessions(s.enabled() == null || s.enabled(), java.time.Duration.ofSeconds(ttl), max);
  }
}
