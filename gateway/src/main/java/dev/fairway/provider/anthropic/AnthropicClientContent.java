package dev.fairway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ContentPart;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.ImageSource;
import dev.fairway.api.Message;
import dev.fairway.api.Role;
import dev.fairway.provider.Base64Check;
import dev.fairway.provider.anthropic.AnthropicWire.InputMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validating decoder of a client's {@code system} and {@code messages}: content blocks checked
 * per role and per type as the Messages API checks them, tool results paired with the previous
 * turn's tool uses, and every error naming the block ({@code messages.2.content.0.source.data}).
 */
final class AnthropicClientContent {
  private AnthropicClientContent() {}

  private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  /** The fields each content block type may carry; anything else is refused as Anthropic does. */
  private static final Map<String, Set<String>> BLOCK_FIELDS = Map.of(
      "text", Set.of("type", "text", "cache_control", "citations"),
      "image", Set.of("type", "source", "cache_control"),
      "tool_use", Set.of("type", "id", "name", "input", "cache_control"),
      "tool_result", Set.of("type", "tool_use_id", "content", "is_error", "cache_control"),
      "thinking", Set.of("type", "thinking", "signature"),
      "redacted_thinking", Set.of("type", "data"));

  /** Block types of the Messages API that Fairway's canonical model cannot carry. */
  private static final Set<String> UNSUPPORTED_BLOCKS = Set.of("document", "search_result", "server_tool_use",
      "web_search_tool_result", "web_fetch_tool_result", "code_execution_tool_result", "mcp_tool_use",
      "mcp_tool_result", "container_upload", "bash_code_execution_tool_result",
      "text_editor_code_execution_tool_result", "tool_reference");


  static void system(JsonNode system, List<Message> out) {
    if (system == null || system.isNull()) {
      return;
    }
    if (system.isTextual()) {
      if (!system.asText().isEmpty()) {
        out.add(Message.system(system.asText()));
      }
      return;
    }
    if (!system.isArray()) {
      throw invalid("system: Input should be a valid string or a list of text blocks", "system");
    }
    List<ContentPart> parts = new ArrayList<>(system.size());
    for (int i = 0; i < system.size(); i++) {
      JsonNode block = system.get(i);
      String at = "system." + i;
      String type = type(block, at);
      if (!type.equals("text")) {
        throw invalid(at + ".type: Input should be 'text'", at + ".type");
      }
      parts.add(text(block, at));
    }
    if (!parts.isEmpty()) {
      out.add(new Message(Role.SYSTEM, parts, null));
    }
  }

  /** A {@code role: "system"} turn inside {@code messages}: a string or text blocks, like {@code system}. */
  private static void midSystem(JsonNode content, String at, List<Message> out) {
    if (content == null || content.isNull()) {
      throw invalid(at + ".content: Field required", at + ".content");
    }
    if (content.isTextual()) {
      nonEmpty(content, at, false);
      out.add(Message.system(content.asText()));
      return;
    }
    if (!content.isArray()) {
      throw invalid(at + ".content: Input should be a valid string or a list of text blocks", at + ".content");
    }
    nonEmpty(content, at, false);
    List<ContentPart> parts = new ArrayList<>(content.size());
    for (int j = 0; j < content.size(); j++) {
      String bat = at + ".content." + j;
      if (!type(content.get(j), bat).equals("text")) {
        throw invalid(bat + ".type: Input should be 'text' in a system message", bat + ".type");
      }
      parts.add(text(content.get(j), bat));
    }
    out.add(new Message(Role.SYSTEM, parts, null));
  }

  static void messages(List<InputMessage> wire, List<Message> out) {
    if (wire.stream().allMatch(m -> m != null && "system".equals(m.role()))) {
      throw invalid("messages: at least one user or assistant message is required; put instructions in the"
          + " top-level `system` parameter", "messages");
    }
    Set<String> openToolUses = Set.of(); // tool_use ids of the previous (assistant) message
    for (int i = 0; i < wire.size(); i++) {
      InputMessage m = wire.get(i);
      String at = "messages." + i;
      if (m == null) {
        throw invalid(at + ": Input should be a valid dictionary", at);
      }
      if (m.role() == null) {
        throw invalid(at + ".role: Field required", at + ".role");
      }
      boolean last = i == wire.size() - 1;
      switch (m.role()) {
        case "user" -> {
          Set<String> answered = user(m.content(), at, openToolUses, out);
          if (!answered.containsAll(openToolUses)) {
            Set<String> missing = new LinkedHashSet<>(openToolUses);
            missing.removeAll(answered);
            throw invalid(at + ": `tool_use` ids were found without `tool_result` blocks immediately after: "
                + String.join(", ", missing) + ". Each `tool_use` block must have a corresponding `tool_result`"
                + " block in the next message.", at);
          }
          openToolUses = Set.of();
        }
        case "assistant" -> {
          if (!openToolUses.isEmpty()) {
            throw invalid(at + ": `tool_use` ids were found without `tool_result` blocks immediately after: "
                + String.join(", ", openToolUses) + ". Each `tool_use` block must have a corresponding"
                + " `tool_result` block in the next message.", at);
          }
          openToolUses = assistant(m.content(), at, last, out);
        }
        // Claude Code sends system messages between turns (reminders of its state); they stay in
        // place, and each target puts them where its protocol takes system text.
        case "system" -> midSystem(m.content(), at, out);
        default -> throw invalid(at + ".role: Input should be 'user' or 'assistant'", at + ".role");
      }
    }
  }

  /** A user turn: its tool results (which must come first) as a TOOL message, the rest as a USER message. */
  private static Set<String> user(JsonNode content, String at, Set<String> openToolUses, List<Message> out) {
    List<ContentPart> results = new ArrayList<>();
    List<ContentPart> parts = new ArrayList<>();
    Set<String> answered = new HashSet<>();
    if (content == null || content.isNull()) {
      throw invalid(at + ".content: Field required", at + ".content");
    }
    if (content.isTextual()) {
      nonEmpty(content, at, false);
      out.add(Message.user(content.asText()));
      return answered;
    }
    if (!content.isArray()) {
      throw invalid(at + ".content: Input should be a valid string or a list of content blocks", at + ".content");
    }
    nonEmpty(content, at, false);
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      String bat = at + ".content." + j;
      String type = type(block, bat);
      switch (type) {
        case "text" -> parts.add(text(block, bat));
        case "image" -> parts.add(image(block, bat));
        case "tool_result" -> {
          if (!parts.isEmpty()) {
            throw invalid(bat + ": `tool_result` blocks must come before any other content in a user message", bat);
          }
          ContentPart.ToolResult r = toolResult(block, bat);
          if (!openToolUses.contains(r.toolCallId())) {
            throw invalid(bat + ": unexpected `tool_use_id` found in `tool_result` blocks: " + r.toolCallId()
                + ". Each `tool_result` block must have a corresponding `tool_use` block in the previous message.",
                bat + ".tool_use_id");
          }
          answered.add(r.toolCallId());
          results.add(r);
        }
        case "tool_use", "thinking", "redacted_thinking" -> throw invalid(bat + ".type: `" + type
            + "` blocks are only allowed in assistant messages", bat + ".type");
        default -> throw unknownBlock(type, bat, "'text', 'image', 'tool_result'");
      }
    }
    if (!results.isEmpty()) {
      out.add(new Message(Role.TOOL, results, null));
    }
    if (!parts.isEmpty()) {
      out.add(new Message(Role.USER, parts, null));
    }
    return answered;
  }

  /** An assistant turn; returns the ids of its tool uses, which the next turn must answer. */
  private static Set<String> assistant(JsonNode content, String at, boolean last, List<Message> out) {
    if (content == null || content.isNull()) {
      throw invalid(at + ".content: Field required", at + ".content");
    }
    if (content.isTextual()) {
      nonEmpty(content, at, last);
      if (!content.asText().isEmpty()) {
        out.add(Message.assistant(content.asText()));
      }
      return Set.of();
    }
    if (!content.isArray()) {
      throw invalid(at + ".content: Input should be a valid string or a list of content blocks", at + ".content");
    }
    nonEmpty(content, at, last);
    List<ContentPart> parts = new ArrayList<>(content.size());
    Set<String> toolUses = new LinkedHashSet<>();
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      String bat = at + ".content." + j;
      String type = type(block, bat);
      switch (type) {
        case "text" -> parts.add(text(block, bat));
        case "tool_use" -> {
          ContentPart.ToolCall c = toolUse(block, bat);
          if (!toolUses.add(c.id())) {
            throw invalid(bat + ".id: `tool_use` ids must be unique", bat + ".id");
          }
          parts.add(c);
        }
        case "thinking" -> parts.add(new ContentPart.Reasoning(string(block, "thinking", bat),
            string(block, "signature", bat)));
        case "redacted_thinking" -> parts.add(new ContentPart.Reasoning(null, string(block, "data", bat)));
        case "image", "tool_result" -> throw invalid(bat + ".type: `" + type
            + "` blocks are only allowed in user messages", bat + ".type");
        default -> throw unknownBlock(type, bat, "'text', 'tool_use', 'thinking', 'redacted_thinking'");
      }
    }
    if (!parts.isEmpty()) {
      out.add(new Message(Role.ASSISTANT, parts, null));
    }
    return toolUses;
  }

  /** Anthropic refuses empty turns, except a final assistant turn (a prefill of nothing). */
  private static void nonEmpty(JsonNode content, String at, boolean finalAssistant) {
    boolean empty = content.isTextual() ? content.asText().isEmpty() : content.isEmpty();
    if (empty && !finalAssistant) {
      throw invalid(at + ": all messages must have non-empty content except for the optional final assistant"
          + " message", at + ".content");
    }
  }

  private static GatewayError unknownBlock(String type, String at, String expected) {
    if (UNSUPPORTED_BLOCKS.contains(type)) {
      return GatewayError.invalid(at + ".type: Fairway does not support `" + type + "` content blocks",
          at + ".type", Reason.UNSUPPORTED_VALUE);
    }
    return invalid(at + ".type: Input tag '" + type + "' found using 'type' does not match any of the expected tags: "
        + expected, at + ".type");
  }

  /** The block's type, after checking it is an object whose fields all belong to that type. */
  private static String type(JsonNode block, String at) {
    if (block == null || !block.isObject()) {
      throw invalid(at + ": Input should be a valid dictionary", at);
    }
    JsonNode t = block.get("type");
    if (t == null || !t.isTextual()) {
      throw invalid(at + ".type: Field required", at + ".type");
    }
    Set<String> allowed = BLOCK_FIELDS.get(t.asText());
    if (allowed != null) {
      for (Iterator<String> it = block.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!allowed.contains(f)) {
          throw invalid(at + "." + f + ": Extra inputs are not permitted", at + "." + f);
        }
      }
    }
    return t.asText();
  }

  private static String string(JsonNode block, String field, String at) {
    JsonNode v = block.get(field);
    if (v == null || v.isNull()) {
      throw invalid(at + "." + field + ": Field required", at + "." + field);
    }
    if (!v.isTextual()) {
      throw invalid(at + "." + field + ": Input should be a valid string", at + "." + field);
    }
    return v.asText();
  }

  private static ContentPart.Text text(JsonNode block, String at) {
    String text = string(block, "text", at);
    if (text.isEmpty()) {
      throw invalid(at + ".text: text content blocks must be non-empty", at + ".text");
    }
    return new ContentPart.Text(text);
  }

  private static ContentPart.Image image(JsonNode block, String at) {
    JsonNode src = block.get("source");
    String sat = at + ".source";
    if (src == null || !src.isObject()) {
      throw invalid(sat + ": Field required", sat);
    }
    String type = src.path("type").asText("");
    return switch (type) {
      case "base64" -> {
        only(src, sat, "type", "media_type", "data");
        String mediaType = string(src, "media_type", sat);
        if (!IMAGE_TYPES.contains(mediaType)) {
          throw invalid(sat + ".media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
              sat + ".media_type");
        }
        String data = string(src, "data", sat);
        if (!Base64Check.isValid(data)) {
          throw GatewayError.invalid(sat + ".data: invalid base64 data", sat + ".data", Reason.INVALID_BASE64);
        }
        yield new ContentPart.Image(new ImageSource.Base64(mediaType, data), null);
      }
      case "url" -> {
        only(src, sat, "type", "url");
        String url = string(src, "url", sat);
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
          throw invalid(sat + ".url: Input should be a valid URL", sat + ".url");
        }
        yield new ContentPart.Image(new ImageSource.Url(url), null);
      }
      case "file" -> throw GatewayError.invalid(sat + ".type: Fairway does not support images from the Files API;"
          + " send them as base64 or by URL", sat + ".type", Reason.UNSUPPORTED_VALUE);
      default -> throw invalid(sat + ".type: Input tag '" + type
          + "' found using 'type' does not match any of the expected tags: 'base64', 'url'", sat + ".type");
    };
  }

  private static void only(JsonNode obj, String at, String... fields) {
    Set<String> allowed = Set.of(fields);
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw invalid(at + "." + f + ": Extra inputs are not permitted", at + "." + f);
      }
    }
  }

  private static ContentPart.ToolCall toolUse(JsonNode block, String at) {
    String id = string(block, "id", at);
    if (id.isEmpty()) {
      throw invalid(at + ".id: String should have at least 1 character", at + ".id");
    }
    String name = string(block, "name", at);
    JsonNode input = block.get("input");
    if (input == null || input.isNull()) {
      throw invalid(at + ".input: Field required", at + ".input");
    }
    if (!input.isObject()) {
      throw invalid(at + ".input: Input should be a valid dictionary", at + ".input");
    }
    return new ContentPart.ToolCall(id, name, input.toString());
  }

  private static ContentPart.ToolResult toolResult(JsonNode block, String at) {
    String id = string(block, "tool_use_id", at);
    JsonNode isError = block.get("is_error");
    if (isError != null && !isError.isNull() && !isError.isBoolean()) {
      throw invalid(at + ".is_error: Input should be a valid boolean", at + ".is_error");
    }
    JsonNode content = block.get("content");
    List<ContentPart> parts = new ArrayList<>(1);
    if (content == null || content.isNull()) {
      // a tool result may be empty
    } else if (content.isTextual()) {
      parts.add(new ContentPart.Text(content.asText()));
    } else if (content.isArray()) {
      for (int k = 0; k < content.size(); k++) {
        JsonNode inner = content.get(k);
        String iat = at + ".content." + k;
        if (inner.isObject() && "tool_reference".equals(inner.path("type").asText())) {
          // Tool search's answer: a deferred tool is now loaded. Other targets get every tool
          // upfront (defer_loading is dropped there), so in their terms the tool is simply there.
          JsonNode name = inner.get("tool_name");
          if (name == null || !name.isTextual()) {
            throw invalid(iat + ".tool_name: Field required", iat + ".tool_name");
          }
          parts.add(new ContentPart.Text("Tool '" + name.asText() + "' is available."));
          continue;
        }
        String type = type(inner, iat);
        switch (type) {
          case "text" -> parts.add(text(inner, iat));
          case "image" -> parts.add(image(inner, iat));
          default -> throw unknownBlock(type, iat, "'text', 'image'");
        }
      }
    } else {
      throw invalid(at + ".content: Input should be a valid string or a list of content blocks", at + ".content");
    }
    return new ContentPart.ToolResult(id, parts, isError != null && isError.asBoolean(false));
  }

  private static GatewayError invalid(String message, String param) {
    return GatewayError.invalid(message, param);
  }
}
