package dev.fairway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.Message;
import dev.fairway.api.ResponseFormat;
import dev.fairway.api.ToolChoice;
import dev.fairway.api.ToolDefinition;
import dev.fairway.provider.anthropic.AnthropicWire.MessagesRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure, validating translation of what an Anthropic client sends to Fairway's {@code /v1/messages}
 * into the canonical request. Like Anthropic, it refuses what the Messages API refuses (blocks in
 * the wrong role, tool results without their tool use, bad base64...) with errors that name the
 * field the way Anthropic does ({@code messages.1.content.0.source.data: ...}). Messages and
 * their content blocks are checked by {@link AnthropicClientContent}.
 */
public final class AnthropicClientRequests {
  private AnthropicClientRequests() {}

  private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,128}");

  /**
   * Decodes a Messages request. With {@code counting} (for {@code /v1/messages/count_tokens})
   * {@code max_tokens} is not required.
   */
  public static ChatRequest toCanonical(MessagesRequest w, boolean counting) {
    if (w.model() == null) {
      throw invalid("model: Field required", "model");
    }
    if (w.model().isBlank()) {
      throw invalid("model: String should have at least 1 character", "model");
    }
    if (w.maxTokens() == null && !counting) {
      throw invalid("max_tokens: Field required", "max_tokens");
    }
    if (w.maxTokens() != null && w.maxTokens() < 1) {
      throw invalid("max_tokens: Input should be greater than or equal to 1", "max_tokens");
    }
    if (w.messages() == null) {
      throw invalid("messages: Field required", "messages");
    }
    if (w.messages().isEmpty()) {
      throw invalid("messages: at least one message is required", "messages");
    }
    if (w.serviceTier() != null && !w.serviceTier().equals("auto") && !w.serviceTier().equals("standard_only")) {
      throw invalid("service_tier: Input should be 'auto' or 'standard_only'", "service_tier");
    }
    objectOrNull(w.contextManagement(), "context_management");
    objectOrNull(w.container(), "container");
    if (w.mcpServers() != null && !w.mcpServers().isNull() && !w.mcpServers().isArray()) {
      throw invalid("mcp_servers: Input should be a valid list", "mcp_servers");
    }
    // context_management, container, mcp_servers, inference_geo and service_tier reach an
    // Anthropic-protocol target in the client's own body; see AnthropicNative for the others.

    List<ToolDefinition> tools = tools(w.tools());
    Set<String> toolNames = new HashSet<>();
    tools.forEach(t -> toolNames.add(t.name()));

    List<Message> messages = new ArrayList<>(w.messages().size() + 1);
    AnthropicClientContent.system(w.system(), messages);
    AnthropicClientContent.messages(w.messages(), messages);

    ChatRequest.Builder b = ChatRequest.builder(w.model())
        .messages(messages)
        .tools(tools)
        .maxTokens(w.maxTokens())
        .temperature(range(w.temperature(), 1, "temperature"))
        .topP(range(w.topP(), 1, "top_p"))
        .topK(topK(w.topK()))
        .stop(stopSequences(w.stopSequences()))
        .reasoningEffort(thinking(w.thinking(), w.maxTokens(), effort(w.outputConfig())))
        .user(w.metadata() == null ? null : w.metadata().userId());
    toolChoice(w.toolChoice(), toolNames, b);
    b.responseFormat(outputFormat(w.outputConfig(), w.outputFormat()));
    boolean stream = Boolean.TRUE.equals(w.stream());
    // Anthropic streams always end with usage (message_delta), so the canonical stream must carry it.
    return b.stream(stream).includeUsage(stream).build();
  }

  private static GatewayError invalid(String message, String param) {
    return GatewayError.invalid(message, param);
  }

  private static Double range(Double v, double max, String field) {
    if (v == null) {
      return null;
    }
    if (v.isNaN() || v < 0) {
      throw invalid(field + ": Input should be greater than or equal to 0", field);
    }
    if (v > max) {
      throw invalid(field + ": Input should be less than or equal to " + (long) max, field);
    }
    return v;
  }

  private static Integer topK(Integer v) {
    if (v != null && v < 0) {
      throw invalid("top_k: Input should be greater than or equal to 0", "top_k");
    }
    return v;
  }

  private static List<String> stopSequences(List<String> stop) {
    if (stop == null) {
      return List.of();
    }
    for (int i = 0; i < stop.size(); i++) {
      if (stop.get(i) == null) {
        throw invalid("stop_sequences." + i + ": Input should be a valid string", "stop_sequences." + i);
      }
    }
    return stop;
  }

  private static void objectOrNull(JsonNode n, String field) {
    if (n != null && !n.isNull() && !n.isObject() && !(field.equals("container") && n.isTextual())) {
      throw invalid(field + ": Input should be a valid dictionary", field);
    }
  }

  /**
   * {@code output_config.effort} as a canonical reasoning effort: how much the model may spend on an
   * answer (thinking, text and tool calls). Anthropic's {@code max} has no canonical counterpart
   * above {@code high}, so other targets get their highest.
   */
  private static String effort(JsonNode config) {
    JsonNode e = config == null ? null : config.get("effort");
    if (e == null || e.isNull()) {
      return null;
    }
    if (!e.isTextual()) {
      throw invalid("output_config.effort: Input should be 'low', 'medium', 'high' or 'max'", "output_config.effort");
    }
    return switch (e.asText()) {
      case "low" -> "low";
      case "medium" -> "medium";
      case "high", "max" -> "high";
      default -> throw invalid("output_config.effort: Input should be 'low', 'medium', 'high' or 'max'",
          "output_config.effort");
    };
  }

  private static String thinking(AnthropicWire.Thinking t, Integer maxTokens, String effort) {
    if (t == null) {
      return effort;
    }
    if (t.type() == null) {
      throw invalid("thinking.type: Field required", "thinking.type");
    }
    if (t.display() != null && !t.display().equals("summarized") && !t.display().equals("omitted")) {
      throw invalid("thinking.display: Input should be 'summarized' or 'omitted'", "thinking.display");
    }
    return switch (t.type()) {
      case "disabled" -> effort;
      // Adaptive thinking lets the model decide how much to think, steered by the effort; without
      // one, other targets keep their own default (reasoning models reason, others do not).
      case "adaptive" -> {
        if (t.budgetTokens() != null) {
          throw invalid("thinking.adaptive.budget_tokens: Extra inputs are not permitted", "thinking.budget_tokens");
        }
        yield effort;
      }
      case "enabled" -> {
        if (t.budgetTokens() == null) {
          throw invalid("thinking.enabled.budget_tokens: Field required", "thinking.budget_tokens");
        }
        if (t.budgetTokens() < 1024) {
          throw invalid("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024",
              "thinking.budget_tokens");
        }
        if (maxTokens != null && maxTokens <= t.budgetTokens()) {
          throw invalid("`max_tokens` must be greater than `thinking.budget_tokens`", "max_tokens");
        }
        // The canonical request carries an effort, not a budget: the budget maps to the nearest
        // effort at or below it, and an Anthropic provider turns that back into a budget.
        yield effort != null ? effort : AnthropicRequests.effortFor(t.budgetTokens());
      }
      default -> throw invalid("thinking.type: Input tag '" + t.type()
          + "' found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'",
          "thinking.type");
    };
  }

  /** Structured outputs: {@code output_config.format} (or the beta {@code output_format}) as a JSON schema. */
  private static ResponseFormat outputFormat(JsonNode config, JsonNode beta) {
    JsonNode format = null;
    String at = null;
    if (config != null && !config.isNull()) {
      if (!config.isObject()) {
        throw invalid("output_config: Input should be a valid dictionary", "output_config");
      }
      for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!f.equals("format") && !f.equals("effort")) {
          throw GatewayError.invalid("output_config." + f + ": not supported by Fairway", "output_config." + f,
              Reason.UNSUPPORTED_PARAMETER);
        }
      }
      format = config.get("format");
      at = "output_config.format";
    }
    if (beta != null && !beta.isNull()) {
      if (format != null) {
        throw invalid("output_format: give either output_config.format or output_format, not both", "output_format");
      }
      format = beta;
      at = "output_format";
    }
    if (format == null || format.isNull()) {
      return null;
    }
    if (!format.isObject() || !"json_schema".equals(format.path("type").asText(null))) {
      throw invalid(at + ".type: Input should be 'json_schema'", at + ".type");
    }
    JsonNode schema = format.get("schema");
    if (schema == null || !schema.isObject()) {
      throw invalid(at + ".schema: Field required", at + ".schema");
    }
    return new ResponseFormat.JsonSchema("output", null, schema, true);
  }

  // ------------------------------------------------------------------ tools

  private static List<ToolDefinition> tools(List<AnthropicWire.Tool> tools) {
    if (tools == null) {
      return List.of();
    }
    List<ToolDefinition> out = new ArrayList<>(tools.size());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      AnthropicWire.Tool t = tools.get(i);
      String at = "tools." + i;
      if (t == null) {
        throw invalid(at + ": Input should be a valid dictionary", at);
      }
      if (t.type() != null && !t.type().equals("custom")) {
        throw GatewayError.invalid(at + ".type: Fairway does not support Anthropic server tools ('" + t.type()
            + "'); define client tools with name, description and input_schema", at + ".type",
                Reason.UNSUPPORTED_PARAMETER);
      }
      if (t.name() == null) {
        throw invalid(at + ".name: Field required", at + ".name");
      }
      if (!TOOL_NAME.matcher(t.name()).matches()) {
        throw invalid(at + ".name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'", at + ".name");
      }
      if (!names.add(t.name())) {
        throw invalid("tools: Tool names must be unique.", "tools");
      }
      if (t.inputSchema() == null || t.inputSchema().isNull()) {
        throw invalid(at + ".input_schema: Field required", at + ".input_schema");
      }
      if (!t.inputSchema().isObject()) {
        throw invalid(at + ".input_schema: Input should be a valid dictionary", at + ".input_schema");
      }
      if (!"object".equals(t.inputSchema().path("type").asText(null))) {
        throw invalid(at + ".input_schema.type: Input should be 'object'", at + ".input_schema.type");
      }
      out.add(new ToolDefinition(t.name(), t.description(), t.inputSchema(), t.strict()));
    }
    return out;
  }

  private static void toolChoice(AnthropicWire.ToolChoice tc, Set<String> toolNames, ChatRequest.Builder b) {
    if (tc == null) {
      return;
    }
    if (tc.type() == null) {
      throw invalid("tool_choice.type: Field required", "tool_choice.type");
    }
    ToolChoice choice = switch (tc.type()) {
      case "auto" -> ToolChoice.AUTO;
      case "any" -> ToolChoice.REQUIRED;
      case "none" -> ToolChoice.NONE;
      case "tool" -> {
        if (tc.name() == null) {
          throw invalid("tool_choice.tool.name: Field required", "tool_choice.name");
        }
        if (!toolNames.contains(tc.name())) {
          throw invalid("tool_choice.tool.name: Tool '" + tc.name() + "' not found in tools", "tool_choice.name");
        }
        yield new ToolChoice.Tool(tc.name());
      }
      default -> throw invalid("tool_choice.type: Input tag '" + tc.type()
          + "' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'",
          "tool_choice.type");
    };
    if (toolNames.isEmpty() && (choice instanceof ToolChoice.Required || choice instanceof ToolChoice.Tool)) {
      throw invalid("tool_choice: a tool_choice of type '" + tc.type() + "' requires tools", "tool_choice");
    }
    if (tc.name() != null && !(choice instanceof ToolChoice.Tool)) {
      throw invalid("tool_choice." + tc.type() + ".name: Extra inputs are not permitted", "tool_choice.name");
    }
    b.toolChoice(choice);
    if (Boolean.TRUE.equals(tc.disableParallelToolUse())) {
      if (choice instanceof ToolChoice.None) {
        throw invalid("tool_choice.none.disable_parallel_tool_use: Extra inputs are not permitted",
            "tool_choice.disable_parallel_tool_use");
      }
      b.parallelToolCalls(false);
    }
  }
}
