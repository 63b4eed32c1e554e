package dev.fairway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.GatewayError;
import dev.fairway.api.ImageSource;
import dev.fairway.api.Message;
import dev.fairway.api.NativeRequest;
import dev.fairway.api.ResponseFormat;
import dev.fairway.api.Role;
import dev.fairway.api.ToolChoice;
import dev.fairway.api.ToolDefinition;
import dev.fairway.provider.Json;
import dev.fairway.provider.bedrock.BedrockWire.ContentBlock;
import dev.fairway.provider.bedrock.BedrockWire.ConverseRequest;
import dev.fairway.provider.bedrock.BedrockWire.SystemContentBlock;
import dev.fairway.provider.bedrock.BedrockWire.ToolResultContentBlock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure translation of a canonical request into a Converse request for one Bedrock model. Whatever
 * the model cannot honour is refused with {@link GatewayError#unsupported} naming the parameter,
 * before anything is sent.
 */
public final class BedrockRequests {
  private BedrockRequests() {}

  /** Name of the tool that carries a JSON-mode answer (see {@link #toWire}). */
  static final String JSON_TOOL = "json_answer";

  private static final Map<String, String> IMAGE_FORMATS = Map.of(
      "image/png", "png", "image/jpeg", "jpeg", "image/jpg", "jpeg", "image/gif", "gif", "image/webp", "webp");
  // Bedrock's requestMetadata values: 1-256 characters of this set (else the request is rejected).
  private static final Pattern METADATA_VALUE = Pattern.compile("[a-zA-Z0-9\\s:_@$#=/+,.-]{1,256}");

  /**
   * A Converse body plus what the response translators need to read the answer back.
   *
   * @param jsonTool the name of the forced tool whose input is the JSON answer, or null
   * @param stopSequences the stop sequences sent, to name the one that ended the answer
   */
  public record Prepared(ConverseRequest body, String jsonTool, List<String> stopSequences) {}

  /**
   * Translates {@code r} for model {@code modelId}.
   *
   * <p>JSON mode: Converse has no response format. Fairway forces a tool whose input schema is the
   * requested schema (any object for {@code json_object}) and returns the tool's input as the text
   * answer, the technique Anthropic documents for structured output with tool use. With client tools
   * present the model must call one of them or the JSON tool ({@code any}), which is the same as
   * "call a tool or answer in JSON".
   */
  public static Prepared toWire(ChatRequest r, String modelId, String provider) {
    BedrockModels traits = BedrockModels.of(modelId);
    String who = "Provider '" + provider + "' (Bedrock model " + modelId + ")";
    NativeRequest.refuseForeign(r, who);
    rejectUnsupported(r, traits, who, modelId);

    List<SystemContentBlock> system = new ArrayList<>();
    List<BedrockWire.Message> messages = messages(r, traits, who, system);
    boolean toolHistory = messages.stream().flatMap(m -> m.content().stream())
        .anyMatch(b -> b.toolUse() != null || b.toolResult() != null);

    String jsonTool = r.wantsJson() ? jsonToolName(r.tools()) : null;
    BedrockWire.ToolConfiguration toolConfig = toolConfig(r, jsonTool, toolHistory, traits, who);
    if (toolConfig != null && r.stream() && !traits.streamingTools()) {
      throw GatewayError.unsupported(who + " does not stream tool use; send the request without 'stream'.", "stream");
    }

    Integer maxTokens = r.maxTokens();
    JsonNode additional = r.topK() == null ? null : traits.topK(r.topK());
    if (thinks(r)) {
      ObjectNode extra = additional == null ? Json.NODES.objectNode() : (ObjectNode) additional;
      if (traits.isAnthropic()) {
        // The canonical effort as a thinking budget, as for Anthropic's own API; thinking counts
        // against max_tokens, which must exceed the budget.
        int budget = dev.fairway.provider.anthropic.AnthropicRequests.thinkingBudgetFor(r.reasoningEffort());
        if (maxTokens == null) {
          maxTokens = budget + dev.fairway.provider.anthropic.AnthropicRequests.DEFAULT_MAX_TOKENS;
        } else if (maxTokens <= 1024) {
          throw GatewayError.unsupported(who + " needs max_tokens above 1024 for extended thinking (reasoning_effort).",
              "max_tokens");
        } else {
          budget = Math.min(budget, maxTokens - 1);
        }
        extra.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
      } else {
        // Nova 2: reasoningConfig with a maximum effort of low, medium or high.
        String effort = switch (r.reasoningEffort()) {
          case "minimal", "low" -> "low";
          case "medium" -> "medium";
          default -> "high";
        };
        extra.putObject("reasoningConfig").put("type", "enabled").put("maxReasoningEffort", effort);
      }
      additional = extra;
    }
    BedrockWire.InferenceConfiguration inference = null;
    if (maxTokens != null || r.temperature() != null || r.topP() != null || !r.stop().isEmpty()) {
      inference = new BedrockWire.InferenceConfiguration(maxTokens, r.temperature(), r.topP(),
          r.stop().isEmpty() ? null : r.stop());
    }
    // Only Anthropic's models say which stop sequence they hit, and only when asked for the field.
    List<String> responsePaths = traits.isAnthropic() && !r.stop().isEmpty() ? List.of("/stop_sequence") : null;
    Map<String, String> metadata = r.user() != null && METADATA_VALUE.matcher(r.user()).matches()
        ? Map.of("user", r.user()) : null;

    ConverseRequest body = new ConverseRequest(messages, system.isEmpty() ? null : system, inference, toolConfig,
        additional, responsePaths, metadata);
    return new Prepared(body, jsonTool, r.stop());
  }

  /** True when the request asks for reasoning (an effort other than none). */
  private static boolean thinks(ChatRequest r) {
    return r.reasoningEffort() != null && !r.reasoningEffort().equals("none");
  }

  /** Amazon Nova 2 models (nova-2-lite...) take a reasoningConfig; Nova 1 models do not reason. */
  static boolean isNova2(String modelId) {
    return modelId.toLowerCase(java.util.Locale.ROOT).contains("amazon.nova-2");
  }

  private static void rejectUnsupported(ChatRequest r, BedrockModels traits, String who, String modelId) {
    if (r.seed() != null) {
      throw GatewayError.unsupported(who + " has no 'seed' parameter.", "seed");
    }
    if (r.presencePenalty() != null) {
      throw GatewayError.unsupported(who + " has no 'presence_penalty' parameter.", "presence_penalty");
    }
    if (r.frequencyPenalty() != null) {
      throw GatewayError.unsupported(who + " has no 'frequency_penalty' parameter.", "frequency_penalty");
    }
    if (thinks(r) && !traits.isAnthropic() && !isNova2(modelId)) {
      throw GatewayError.unsupported(who + " has no reasoning setting Fairway knows (Claude's extended thinking, Nova 2's"
          + " reasoningConfig).", "reasoning_effort");
    }
    if (thinks(r) && traits.isAnthropic()) {
      // Claude's extended thinking excludes sampling changes and forced tool use (as on Anthropic's API).
      if (r.temperature() != null && r.temperature() != 1 || r.topK() != null || r.topP() != null && r.topP() < 0.95) {
        throw GatewayError.unsupported(who + " does not allow temperature, top_k or top_p below 0.95 with extended"
            + " thinking (reasoning_effort).", "reasoning_effort");
      }
      if (r.toolChoice() instanceof ToolChoice.Required || r.toolChoice() instanceof ToolChoice.Tool || r.wantsJson()) {
        throw GatewayError.unsupported(who + " cannot force tool use (or JSON mode, done by a forced tool) with extended"
            + " thinking (reasoning_effort).", "tool_choice");
      }
    }
    if (r.temperature() != null && r.temperature() > 1) {
      throw GatewayError.unsupported(who + " accepts a temperature between 0 and 1; got " + r.temperature() + ".",
          "temperature");
    }
    if (r.topK() != null && traits.topK(r.topK()) == null) {
      throw GatewayError.unsupported(who + " has no 'top_k' parameter.", "top_k");
    }
    if (!r.tools().isEmpty() && !traits.tools()) {
      throw GatewayError.unsupported(who + " does not support tools.", "tools");
    }
    if (Boolean.FALSE.equals(r.parallelToolCalls()) && !r.tools().isEmpty()) {
      throw GatewayError.unsupported(who + " cannot be told to avoid parallel tool calls.", "parallel_tool_calls");
    }
    boolean forced = r.toolChoice() instanceof ToolChoice.Required || r.toolChoice() instanceof ToolChoice.Tool;
    if (forced && !traits.forcedToolChoice()) {
      throw GatewayError.unsupported(who + " only supports tool_choice 'auto'.", "tool_choice");
    }
    if (r.wantsJson() && !(traits.tools() && traits.forcedToolChoice())) {
      throw GatewayError.unsupported(who + " has no JSON mode (Fairway needs a forced tool call for it).",
          "response_format");
    }
  }

  // ---------------------------------------------------------------- messages

  private static List<BedrockWire.Message> messages(ChatRequest r, BedrockModels traits, String who,
      List<SystemContentBlock> system) {
    List<BedrockWire.Message> out = new ArrayList<>(r.messages().size());
    for (int i = 0; i < r.messages().size(); i++) {
      Message m = r.messages().get(i);
      String at = "messages[" + i + "]";
      if (m.role() == Role.SYSTEM) {
        if (!traits.systemPrompt()) {
          throw GatewayError.unsupported(who + " does not accept a system prompt (Amazon Titan Text models take"
              + " none); put the instructions in the first user message.", at);
        }
        String text = m.text();
        if (!text.isBlank()) {
          system.add(SystemContentBlock.text(text));
        }
        continue;
      }
      String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
      List<ContentBlock> blocks = new ArrayList<>(m.content().size());
      for (int j = 0; j < m.content().size(); j++) {
        ContentBlock b = block(m.content().get(j), m.role(), traits, who, at + ".content[" + j + "]");
        if (b != null) {
          blocks.add(b);
        }
      }
      if (blocks.isEmpty()) {
        continue; // an empty turn carries nothing, and Bedrock rejects blank content
      }
      // Bedrock wants strictly alternating turns: tool results and a following user turn become one.
      BedrockWire.Message last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.role().equals(role)) {
        List<ContentBlock> merged = new ArrayList<>(last.content());
        merged.addAll(blocks);
        out.set(out.size() - 1, new BedrockWire.Message(role, merged));
      } else {
        out.add(new BedrockWire.Message(role, blocks));
      }
    }
    if (out.isEmpty()) {
      throw GatewayError.invalid("The request has no user or assistant message with content.", "messages");
    }
    if (!out.get(0).role().equals("user")) {
      throw GatewayError.unsupported(who + " requires the conversation to start with a user message.", "messages");
    }
    return out;
  }

  private static ContentBlock block(ContentPart p, Role role, BedrockModels traits, String who, String at) {
    return switch (p) {
      case ContentPart.Text t -> t.text().isEmpty() ? null : ContentBlock.text(t.text());
      case ContentPart.Image img -> ContentBlock.image(image(img, traits, who, at));
      case ContentPart.ToolCall c -> {
        if (role != Role.ASSISTANT) {
          throw GatewayError.invalid("Only assistant messages can carry tool calls.", at);
        }
        yield ContentBlock.toolUse(new BedrockWire.ToolUseBlock(c.id(), c.name(), arguments(c, at)));
      }
      case ContentPart.ToolResult tr -> {
        List<ToolResultContentBlock> content = new ArrayList<>(tr.content().size());
        for (ContentPart rp : tr.content()) {
          if (rp instanceof ContentPart.Text t) {
            content.add(ToolResultContentBlock.text(t.text()));
          } else if (rp instanceof ContentPart.Image img) {
            content.add(ToolResultContentBlock.image(image(img, traits, who, at)));
          }
        }
        if (content.isEmpty()) {
          content.add(ToolResultContentBlock.text(""));
        }
        yield ContentBlock.toolResult(new BedrockWire.ToolResultBlock(tr.toolCallId(), content,
            tr.isError() ? "error" : "success"));
      }
      // Only Claude takes its earlier reasoning back (with the signature that proves it unaltered).
      case ContentPart.Reasoning rs -> traits.reasoningHistory() && rs.signature() != null && rs.text() != null
          ? ContentBlock.reasoning(new BedrockWire.ReasoningContentBlock(
              new BedrockWire.ReasoningText(rs.text(), rs.signature()), null))
          : null;
    };
  }

  private static BedrockWire.ImageBlock image(ContentPart.Image img, BedrockModels traits, String who, String at) {
    if (!traits.images()) {
      throw GatewayError.unsupported(who + " does not accept images.", at);
    }
    return switch (img.source()) {
      case ImageSource.Url u -> throw GatewayError.unsupported(who + " cannot fetch image URLs; send the image"
          + " inline as a base64 data URL.", at);
      case ImageSource.Base64 b -> {
        String format = IMAGE_FORMATS.get(b.mediaType());
        if (format == null) {
          throw GatewayError.unsupported(who + " accepts PNG, JPEG, GIF and WebP images, not " + b.mediaType() + ".", at);
        }
        yield new BedrockWire.ImageBlock(format, BedrockWire.ImageSource.bytes(b.data()));
      }
    };
  }

  private static JsonNode arguments(ContentPart.ToolCall c, String at) {
    try {
      JsonNode n = Json.CAMEL.readTree(c.arguments());
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (IOException notJson) {
      // reported below
    }
    throw GatewayError.invalid("The arguments of tool call '" + c.id() + "' are not a JSON object.", at);
  }

  // ---------------------------------------------------------------- tools

  private static BedrockWire.ToolConfiguration toolConfig(ChatRequest r, String jsonTool, boolean toolHistory,
      BedrockModels traits, String who) {
    boolean none = r.toolChoice() instanceof ToolChoice.None;
    List<BedrockWire.Tool> tools = new ArrayList<>(r.tools().size() + 1);
    if (!none) {
      for (ToolDefinition t : r.tools()) {
        tools.add(BedrockWire.Tool.spec(t.name(), blankToNull(t.description()), schema(t.parameters())));
      }
    }
    if (jsonTool != null) {
      tools.add(jsonTool(r.responseFormat(), jsonTool));
    }
    if (tools.isEmpty()) {
      if (toolHistory) {
        if (!traits.tools()) {
          throw GatewayError.unsupported(who + " does not support tools.", "messages");
        }
        // Converse requires toolConfig whenever the history holds tool blocks, and has no "none".
        throw GatewayError.unsupported(who + " cannot be told not to call tools once the conversation has tool"
            + " calls (Converse has no tool_choice 'none').", "tool_choice");
      }
      return null;
    }
    BedrockWire.ToolChoice choice;
    if (jsonTool != null) {
      choice = r.toolChoice() instanceof ToolChoice.Tool named && !none
          ? named(named.name())
          : tools.size() == 1 ? named(jsonTool) : new BedrockWire.ToolChoice(null, Json.NODES.objectNode(), null);
    } else {
      choice = switch (r.toolChoice()) {
        case null -> null;
        case ToolChoice.Auto a -> new BedrockWire.ToolChoice(Json.NODES.objectNode(), null, null);
        case ToolChoice.Required q -> new BedrockWire.ToolChoice(null, Json.NODES.objectNode(), null);
        case ToolChoice.Tool t -> named(t.name());
        case ToolChoice.None n -> null; // unreachable: no tools left
      };
    }
    return new BedrockWire.ToolConfiguration(tools, choice);
  }

  private static BedrockWire.ToolChoice named(String name) {
    return new BedrockWire.ToolChoice(null, null, new BedrockWire.SpecificToolChoice(name));
  }

  private static JsonNode schema(JsonNode parameters) {
    if (parameters != null && parameters.isObject()) {
      return parameters;
    }
    ObjectNode empty = Json.NODES.objectNode().put("type", "object");
    empty.putObject("properties");
    return empty;
  }

  private static String jsonToolName(List<ToolDefinition> tools) {
    Set<String> taken = new HashSet<>();
    tools.forEach(t -> taken.add(t.name()));
    String name = JSON_TOOL;
    for (int i = 1; taken.contains(name); i++) {
      name = JSON_TOOL + "_" + i;
    }
    return name;
  }

  private static BedrockWire.Tool jsonTool(ResponseFormat rf, String name) {
    String description = "Give your final answer by calling this tool: its input is the answer, as JSON.";
    JsonNode schema;
    if (rf instanceof ResponseFormat.JsonSchema s && s.schema() != null && s.schema().isObject()) {
      schema = s.schema();
      String what = s.description() != null ? s.description() : s.name();
      description = description + " Answer format: " + what;
    } else {
      schema = Json.NODES.objectNode().put("type", "object");
    }
    return BedrockWire.Tool.spec(name, description, schema);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
