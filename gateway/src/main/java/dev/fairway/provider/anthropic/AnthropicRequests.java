package dev.fairway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.GatewayError;
import dev.fairway.api.ImageSource;
import dev.fairway.api.Message;
import dev.fairway.api.ResponseFormat;
import dev.fairway.api.Role;
import dev.fairway.api.ToolChoice;
import dev.fairway.api.ToolDefinition;
import dev.fairway.provider.Json;
import dev.fairway.provider.anthropic.AnthropicWire.InputMessage;
import dev.fairway.provider.anthropic.AnthropicWire.MessagesRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure translation of canonical requests into what Anthropic's Messages API receives. Whatever
 * Anthropic cannot honour is refused with {@link GatewayError#unsupported} (so dispatch can try
 * another candidate) rather than dropped or clamped. Client requests in Anthropic's format are
 * decoded by {@link AnthropicClientRequests}.
 */
public final class AnthropicRequests {
  private AnthropicRequests() {}

  /**
   * {@code max_tokens} when the client set no limit. Anthropic requires the field; 4096 is the
   * smallest maximum output of any current Claude model (Claude 3 Haiku), so it is valid for all
   * of them, and long enough for ordinary chat answers.
   */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /**
   * The tool through which JSON mode is implemented. Anthropic has no JSON response format, so
   * Fairway offers the model one tool whose input schema is the wanted JSON shape and forces the
   * model to call it; the call's input (always a JSON object, validated by Anthropic against the
   * schema) is the answer, handed to the client as text. See {@link AnthropicResponses} and
   * {@link AnthropicStreams.Decoder} for the way back.
   */
  public static final String JSON_TOOL = "json_answer";

  /** Extended-thinking budgets for the canonical reasoning efforts; the minimum Anthropic takes is 1024. */
  static int thinkingBudget(String effort) {
    return switch (effort) {
      case "minimal" -> 1024;
      case "low" -> 2048;
      case "medium" -> 8192;
      default -> 24576; // high
    };
  }

  /** {@link #thinkingBudget} for other protocols that carry Claude (Bedrock's Converse). */
  public static int thinkingBudgetFor(String effort) {
    return thinkingBudget(effort);
  }

  /** The effort whose budget is closest below {@code budgetTokens} (the inverse of {@link #thinkingBudget}). */
  static String effortFor(int budgetTokens) {
    if (budgetTokens >= 24576) {
      return "high";
    }
    if (budgetTokens >= 8192) {
      return "medium";
    }
    return budgetTokens >= 2048 ? "low" : "minimal";
  }

  /** The name of the forced JSON tool when {@code r} asks for JSON, else null. */
  public static String jsonTool(ChatRequest r) {
    return r.wantsJson() ? JSON_TOOL : null;
  }

  public static MessagesRequest toWire(ChatRequest r, String upstreamModel, String provider) {
    String name = "Provider '" + provider + "' (Anthropic Messages API)";
    rejectUnsupported(r, name);

    AnthropicWire.Thinking thinking = null;
    Integer maxTokens = r.maxTokens() != null ? r.maxTokens() : DEFAULT_MAX_TOKENS;
    if (r.reasoningEffort() != null && !r.reasoningEffort().equals("none")) {
      int budget = thinkingBudget(r.reasoningEffort());
      if (r.maxTokens() == null) {
        maxTokens = budget + DEFAULT_MAX_TOKENS; // thinking counts against max_tokens
      } else {
        budget = Math.min(budget, r.maxTokens() - 1);
        if (budget < 1024) {
          throw GatewayError.unsupported(name + " needs max_tokens above 1024 for extended thinking (reasoning_effort).",
              "max_tokens");
        }
      }
      thinking = new AnthropicWire.Thinking("enabled", budget);
    }

    List<AnthropicWire.Tool> tools = tools(r, name);
    return MessagesRequest.of(upstreamModel, messages(r.messages(), name), maxTokens, system(r.messages()),
        r.user() == null ? null : new AnthropicWire.Metadata(r.user()),
        r.stop().isEmpty() ? null : r.stop(),
        r.stream() ? Boolean.TRUE : null,
        r.temperature(), r.topK(), r.topP(),
        tools.isEmpty() ? null : tools,
        toolChoice(r, tools.isEmpty()),
        thinking);
  }

  private static void rejectUnsupported(ChatRequest r, String name) {
    if (r.seed() != null) {
      throw GatewayError.unsupported(name + " has no 'seed' parameter; answers cannot be made reproducible.", "seed");
    }
    if (r.presencePenalty() != null && r.presencePenalty() != 0) {
      throw GatewayError.unsupported(name + " has no 'presence_penalty' parameter.", "presence_penalty");
    }
    if (r.frequencyPenalty() != null && r.frequencyPenalty() != 0) {
      throw GatewayError.unsupported(name + " has no 'frequency_penalty' parameter.", "frequency_penalty");
    }
    if (r.temperature() != null && r.temperature() > 1) {
      // Anthropic's scale ends at 1; squeezing 0..2 onto it would silently change the sampling.
      throw GatewayError.unsupported(name + " accepts 'temperature' between 0 and 1, got " + r.temperature() + ".",
          "temperature");
    }
    boolean thinking = r.reasoningEffort() != null && !r.reasoningEffort().equals("none");
    if (thinking) {
      // Anthropic's extended thinking excludes sampling changes and forced tool use.
      if (r.temperature() != null && r.temperature() != 1) {
        throw GatewayError.unsupported(name + " does not allow 'temperature' other than 1 with extended thinking"
            + " (reasoning_effort).", "temperature");
      }
      if (r.topK() != null) {
        throw GatewayError.unsupported(name + " does not allow 'top_k' with extended thinking (reasoning_effort).",
            "top_k");
      }
      if (r.topP() != null && r.topP() < 0.95) {
        throw GatewayError.unsupported(name + " allows 'top_p' only between 0.95 and 1 with extended thinking"
            + " (reasoning_effort).", "top_p");
      }
      if (r.toolChoice() instanceof ToolChoice.Required || r.toolChoice() instanceof ToolChoice.Tool) {
        throw GatewayError.unsupported(name + " cannot force tool use with extended thinking (reasoning_effort).",
            "tool_choice");
      }
      if (r.wantsJson()) {
        throw GatewayError.unsupported(name + " implements JSON output by forced tool use, which extended thinking"
            + " (reasoning_effort) excludes.", "response_format");
      }
    }
  }

  /** Every system message, wherever it stood, in order: Anthropic has one top-level system prompt. */
  private static JsonNode system(List<Message> messages) {
    List<String> texts = new ArrayList<>(1);
    for (Message m : messages) {
      if (m.role() == Role.SYSTEM) {
        for (ContentPart p : m.content()) {
          if (p instanceof ContentPart.Text t && !t.text().isEmpty()) {
            texts.add(t.text()); // one block per part: joining them would change the prompt
          }
        }
      }
    }
    if (texts.isEmpty()) {
      return null;
    }
    if (texts.size() == 1) {
      return TextNode.valueOf(texts.get(0));
    }
    ArrayNode blocks = Json.NODES.arrayNode(texts.size());
    texts.forEach(t -> blocks.addObject().put("type", "text").put("text", t));
    return blocks;
  }

  /**
   * User, assistant and tool messages as alternating turns: tool results travel in user turns, and
   * consecutive turns of one role merge into one (Anthropic would merge them anyway). Within a user
   * turn the tool results come first, as Anthropic requires.
   */
  private static List<InputMessage> messages(List<Message> messages, String name) {
    List<InputMessage> out = new ArrayList<>(messages.size());
    String role = null;
    ArrayNode results = null;
    ArrayNode blocks = null;
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (m.role() == Role.SYSTEM) {
        continue;
      }
      String at = "messages[" + i + "]";
      String turnRole = m.role() == Role.ASSISTANT ? "assistant" : "user";
      if (!turnRole.equals(role)) {
        flush(out, role, results, blocks);
        role = turnRole;
        results = Json.NODES.arrayNode();
        blocks = Json.NODES.arrayNode();
      }
      for (ContentPart p : m.content()) {
        switch (p) {
          case ContentPart.Text t -> {
            if (!t.text().isEmpty()) { // Anthropic rejects empty text blocks
              blocks.addObject().put("type", "text").put("text", t.text());
            }
          }
          case ContentPart.Image img -> {
            if (m.role() == Role.ASSISTANT) {
              throw GatewayError.invalid("An assistant message cannot carry images.", at + ".content");
            }
            blocks.add(image(img));
          }
          case ContentPart.ToolCall c -> {
            if (m.role() != Role.ASSISTANT) {
              throw GatewayError.invalid("Only assistant messages can carry tool calls.", at);
            }
            blocks.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
                .set("input", arguments(c, name, at));
          }
          case ContentPart.ToolResult tr -> {
            if (m.role() == Role.ASSISTANT) {
              throw GatewayError.invalid("An assistant message cannot carry tool results.", at);
            }
            results.add(toolResult(tr));
          }
          case ContentPart.Reasoning rs -> {
            // Anthropic accepts earlier thinking back only with the signature it issued; reasoning
            // text from another provider (no signature) cannot be replayed and stays behind.
            if (m.role() == Role.ASSISTANT && rs.signature() != null && !rs.signature().isEmpty()) {
              blocks.add(rs.text() == null
                  ? Json.NODES.objectNode().put("type", "redacted_thinking").put("data", rs.signature())
                  : Json.NODES.objectNode().put("type", "thinking").put("thinking", rs.text())
                      .put("signature", rs.signature()));
            }
          }
        }
      }
    }
    flush(out, role, results, blocks);
    return out;
  }

  private static void flush(List<InputMessage> out, String role, ArrayNode results, ArrayNode blocks) {
    if (role == null || results.isEmpty() && blocks.isEmpty()) {
      return; // nothing Anthropic would accept: an empty turn carries no information
    }
    if (results.isEmpty() && blocks.size() == 1 && blocks.get(0).path("type").asText().equals("text")) {
      out.add(new InputMessage(role, blocks.get(0).get("text")));
      return;
    }
    ArrayNode content = results;
    content.addAll(blocks);
    out.add(new InputMessage(role, content));
  }

  private static ObjectNode image(ContentPart.Image img) {
    ObjectNode block = Json.NODES.objectNode().put("type", "image");
    ObjectNode source = block.putObject("source");
    // OpenAI's 'detail' hint has no Anthropic counterpart; Anthropic sizes images itself.
    switch (img.source()) {
      case ImageSource.Base64 b -> source.put("type", "base64").put("media_type", b.mediaType()).put("data", b.data());
      case ImageSource.Url u -> source.put("type", "url").put("url", u.url());
    }
    return block;
  }

  private static ObjectNode toolResult(ContentPart.ToolResult tr) {
    ObjectNode block = Json.NODES.objectNode().put("type", "tool_result").put("tool_use_id", tr.toolCallId());
    List<ContentPart> parts = tr.content();
    if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text t) {
      block.put("content", t.text());
    } else if (!parts.isEmpty()) {
      ArrayNode content = block.putArray("content");
      for (ContentPart p : parts) {
        if (p instanceof ContentPart.Text t && !t.text().isEmpty()) {
          content.addObject().put("type", "text").put("text", t.text());
        } else if (p instanceof ContentPart.Image img) {
          content.add(image(img));
        }
      }
    }
    if (tr.isError()) {
      block.put("is_error", true);
    }
    return block;
  }

  /** A tool call's arguments as the JSON object Anthropic's {@code input} must be. */
  private static JsonNode arguments(ContentPart.ToolCall c, String name, String at) {
    JsonNode input;
    try {
      input = Json.SNAKE.readTree(c.arguments());
    } catch (IOException e) {
      input = null;
    }
    if (input == null || !input.isObject()) {
      throw GatewayError.unsupported(name + " needs tool call arguments to be a JSON object; tool call '" + c.id()
          + "' has other arguments.", at + ".tool_calls");
    }
    return input;
  }

  private static List<AnthropicWire.Tool> tools(ChatRequest r, String name) {
    List<AnthropicWire.Tool> out = new ArrayList<>(r.tools().size() + 1);
    for (ToolDefinition t : r.tools()) {
      // A 'strict' flag cannot be passed on: Anthropic validates tool input against input_schema
      // but has no stricter mode in this API version. The schema itself still goes to the model.
      JsonNode schema = t.parameters() != null ? t.parameters() : Json.NODES.objectNode().put("type", "object");
      out.add(new AnthropicWire.Tool(null, t.name(), t.description(), schema, null));
      if (r.wantsJson() && t.name().equals(JSON_TOOL)) {
        throw GatewayError.unsupported(name + " implements JSON output through a tool named '" + JSON_TOOL
            + "', which this request already defines.", "tools");
      }
    }
    if (r.responseFormat() instanceof ResponseFormat.JsonObject) {
      out.add(new AnthropicWire.Tool(null, JSON_TOOL,
          "Give your final answer by calling this tool: its input is the answer, a JSON object.",
          Json.NODES.objectNode().put("type", "object"), null));
    } else if (r.responseFormat() instanceof ResponseFormat.JsonSchema s) {
      String what = s.description() != null ? s.description() : "the answer";
      JsonNode schema = s.schema() != null ? s.schema() : Json.NODES.objectNode().put("type", "object");
      if (!"object".equals(schema.path("type").asText("object"))) {
        throw GatewayError.unsupported(name + " can only produce JSON objects in JSON mode (the schema's type must be"
            + " 'object').", "response_format.json_schema.schema");
      }
      out.add(new AnthropicWire.Tool(null, JSON_TOOL, "Give your final answer by calling this tool: its input is "
          + what + " ('" + s.name() + "').", schema, null));
    }
    return out;
  }

  private static AnthropicWire.ToolChoice toolChoice(ChatRequest r, boolean noTools) {
    if (noTools) {
      return null;
    }
    Boolean disableParallel = Boolean.FALSE.equals(r.parallelToolCalls()) ? Boolean.TRUE : null;
    if (r.wantsJson()) {
      // With the client's own tools the model may still call them first (tool choice "any");
      // otherwise, or when the client forbade tools, only the JSON tool is left to call.
      return switch (r.toolChoice()) {
        case ToolChoice.Tool t -> new AnthropicWire.ToolChoice("tool", t.name(), disableParallel);
        case ToolChoice.None n -> new AnthropicWire.ToolChoice("tool", JSON_TOOL, null);
        case null -> r.tools().isEmpty() ? new AnthropicWire.ToolChoice("tool", JSON_TOOL, null)
            : new AnthropicWire.ToolChoice("any", null, disableParallel);
        default -> r.tools().isEmpty() ? new AnthropicWire.ToolChoice("tool", JSON_TOOL, null)
            : new AnthropicWire.ToolChoice("any", null, disableParallel);
      };
    }
    return switch (r.toolChoice()) {
      case null -> disableParallel == null ? null : new AnthropicWire.ToolChoice("auto", null, true);
      case ToolChoice.Auto a -> new AnthropicWire.ToolChoice("auto", null, disableParallel);
      case ToolChoice.None n -> new AnthropicWire.ToolChoice("none", null, null);
      case ToolChoice.Required q -> new AnthropicWire.ToolChoice("any", null, disableParallel);
      case ToolChoice.Tool t -> new AnthropicWire.ToolChoice("tool", t.name(), disableParallel);
    };
  }
}
