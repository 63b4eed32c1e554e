package dev.fairway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The task classes {@code auto} knows out of the box, from {@code builtin-tasks.yaml}. */
public final class BuiltinTasks {
  static final String RESOURCE = "/dev/fairway/routing/builtin-tasks.yaml";
  private static final List<RouterSpec.TaskRule> RULES = load();

  private BuiltinTasks() {}

  public static List<RouterSpec.TaskRule> rules() {
    return RULES;
  }

  private static List<RouterSpec.TaskRule> load() {
    try (InputStream in = BuiltinTasks.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("built-in task classes missing from the jar: " + RESOURCE);
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      List<RouterSpec.TaskRule> rules = new ArrayList<>();
      root.path("tasks").properties().forEach(e -> {
        List<String> ex = new ArrayList<>();
        e.getValue().path("examples").forEach(x -> ex.add(x.asText()));
        rules.add(new RouterSpec.TaskRule(e.getKey(), ex, List.of(), objective(e.getValue().path("objective"))));
      });
      return List.copyOf(rules);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }

  static Objective objective(JsonNode o) {
    return switch (o.path("type").asText()) {
      case "threshold" -> new Objective.Threshold(o.path("delta").asDouble());
      case "utility" -> new Objective.Utility(o.path("lambda").asDouble(), o.path("mu").asDouble(0));
      default -> throw new IllegalStateException("bad built-in objective " + o);
    };
  }
}
