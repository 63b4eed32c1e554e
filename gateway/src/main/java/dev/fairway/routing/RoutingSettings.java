package dev.fairway.routing;

import dev.fairway.routing.embed.RoutingText;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code routing:} and {@code routers:} sections of {@code fairway.yaml}, validated.
 *
 * @param modelFile a trained router model ({@code ./fairway train}), or null to route on priors
 * @param modelMap outcome-data model id → catalog model id, for data gathered under other names
 * @param embedder the embedder for task classes (a model file brings its own)
 * @param windowChars how much of the prompt's end is embedded when there is no model file
 * @param expectedOutputTokens output tokens assumed when predicting a call's cost
 * @param presets Δ of {@code auto:quality}, {@code auto:balanced} and {@code auto:cost}
 * @param auto the router {@code model: "auto"} uses
 * @param routers named routers, by name
 */
public record RoutingSettings(
    Path modelFile,
    Map<String, String> modelMap,
    String embedder,
    int windowChars,
    int expectedOutputTokens,
    Map<String, Double> presets,
    double minTaskSimilarity,
    RouterSpec auto,
    Map<String, RouterSpec> routers) {

  public static final String AUTO = "auto";
  public static final List<String> PRESETS = List.of("quality", "balanced", "cost");
  public static final Map<String, Double> DEFAULT_PRESETS = Map.of("quality", 0.0, "balanced", 0.05, "cost", 0.15);
  /** Quality one dollar per request is worth under the default {@code auto} objective. */
  public static final double DEFAULT_LAMBDA = 50;
  public static final int DEFAULT_OUTPUT_TOKENS = 300;
  public static final double DEFAULT_MIN_TASK_SIMILARITY = 0.2;

  public RoutingSettings {
    modelMap = Map.copyOf(modelMap);
    presets = Map.copyOf(presets);
    routers = Map.copyOf(routers);
  }

  /** Every served model, utility objective, built-in task classes; no model file. */
  public static RoutingSettings defaults() {
    RouterSpec auto = new RouterSpec(AUTO, List.of(), new Objective.Utility(DEFAULT_LAMBDA, 0), 0, 0,
        java.util.Set.of(), BuiltinTasks.rules());
    return new RoutingSettings(null, Map.of(), "minilm", RoutingText.DEFAULT_WINDOW, DEFAULT_OUTPUT_TOKENS,
        DEFAULT_PRESETS, DEFAULT_MIN_TASK_SIMILARITY, auto, Map.of());
  }

  /** The names a client may use as {@code model} to ask for a router. */
  public List<String> routerNames() {
    List<String> n = new java.util.ArrayList<>();
    n.add(AUTO);
    PRESETS.forEach(p -> n.add(AUTO + ":" + p));
    n.addAll(new java.util.TreeSet<>(routers.keySet()));
    return n;
  }

  /** The router behind a {@code model} value, or null when the value is not a router name. */
  public RouterSpec router(String model) {
    if (AUTO.equals(model)) {
      return auto;
    }
    if (model.startsWith(AUTO + ":")) {
      String preset = model.substring(AUTO.length() + 1);
      Double delta = presets.get(preset);
      if (delta != null) {
        // An explicit mode is the client's choice: task classes do not override it.
        return auto.withName(model).withObjective(new Objective.Threshold(delta)).withTasks(List.of());
      }
      RouterSpec named = routers.get(preset);
      return named == null ? null : named;
    }
    return routers.get(model);
  }
}
