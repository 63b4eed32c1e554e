package dev.fairway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.provider.Json;
import java.util.Locale;
import java.util.Set;

/**
 * What each model family accepts through Converse, from the Bedrock user guide's "Supported models
 * and model features" table. Translators consult it to refuse, before sending, what the model would
 * reject (a system prompt to Titan, an image to Llama 3.1) so that dispatch can try another model.
 * Families Fairway does not know are let through: Bedrock itself then validates.
 */
public record BedrockModels(
    String family,
    boolean systemPrompt,
    boolean images,
    boolean tools,
    boolean forcedToolChoice,
    boolean streamingTools,
    boolean reasoningHistory) {

  private static final Set<String> VENDORS = Set.of("amazon", "anthropic", "meta", "mistral", "cohere", "ai21",
      "deepseek", "openai", "qwen", "writer", "moonshot", "google", "nvidia", "minimax");

  /** The traits of a model id, inference-profile id ({@code us.}, {@code global.}...) or model ARN. */
  public static BedrockModels of(String modelId) {
    String id = modelId.toLowerCase(Locale.ROOT);
    if (id.startsWith("arn:")) {
      id = id.substring(id.lastIndexOf('/') + 1);
    }
    // Inference profiles prefix a geography (us., eu., apac., global., us-gov., jp....): skip to the vendor.
    String[] parts = id.split("\\.", 3);
    int v = parts.length > 1 && !VENDORS.contains(parts[0]) && VENDORS.contains(parts[1]) ? 1 : 0;
    String vendor = parts[v];
    String name = parts.length > v + 1 ? id.substring(id.indexOf(vendor + ".") + vendor.length() + 1) : "";
    return switch (vendor) {
      case "amazon" -> name.startsWith("nova")
          ? new BedrockModels("nova", true, !name.startsWith("nova-micro"), true, true, true, false)
          : name.startsWith("titan")
              ? new BedrockModels("titan", false, false, false, false, false, false)
              : other("amazon");
      case "anthropic" -> {
        boolean legacy = name.startsWith("claude-v2") || name.startsWith("claude-instant");
        boolean vision = !legacy && !name.startsWith("claude-3-5-haiku");
        yield new BedrockModels("anthropic", true, vision, !legacy, !legacy, !legacy, true);
      }
      case "meta" -> {
        // Vision: Llama 3.2 11B/90B and Llama 4. Tools from Llama 3.1, but only with auto tool choice,
        // and ConverseStream does not stream tool use for Llama.
        boolean vision = name.startsWith("llama3-2-11b") || name.startsWith("llama3-2-90b") || name.startsWith("llama4");
        boolean tools = !name.startsWith("llama2") && !name.startsWith("llama3-8b") && !name.startsWith("llama3-70b");
        yield new BedrockModels("meta", true, vision, tools, false, false, false);
      }
      default -> other(vendor);
    };
  }

  private static BedrockModels other(String vendor) {
    return new BedrockModels(vendor, true, true, true, true, true, false);
  }

  public boolean isTitan() {
    return family.equals("titan");
  }

  public boolean isAnthropic() {
    return family.equals("anthropic");
  }

  /**
   * {@code additionalModelRequestFields} carrying top-k in the family's native field name, or null
   * when the family has no top-k (Titan, Llama) or Fairway does not know its name.
   */
  public JsonNode topK(int k) {
    ObjectNode o = Json.NODES.objectNode();
    switch (family) {
      case "anthropic", "mistral" -> o.put("top_k", k);
      case "nova" -> o.putObject("inferenceConfig").put("topK", k);
      default -> {
        return null;
      }
    }
    return o;
  }
}
