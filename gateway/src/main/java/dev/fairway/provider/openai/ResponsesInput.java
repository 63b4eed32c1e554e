package dev.fairway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ContentPart;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Message;
import dev.fairway.api.Reason;
import dev.fairway.api.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The validating decoder of a Responses request's {@code input}: a string (one user message) or a
 * list of items ({@code message}, {@code function_call}, {@code function_call_output},
 * {@code reasoning}), each checked as OpenAI checks it, errors naming the item.
 */
final class ResponsesInput {
  private ResponsesInput() {}

  static void messages(JsonNode input, List<Message> out) {
    if (input == null || input.isNull()) {
      throw GatewayError.invalid("Missing required parameter: 'input'.", "input", Reason.MISSING_PARAMETER);
    }
    if (input.isTextual()) {
      out.add(Message.user(input.asText()));
      return;
    }
    if (!input.isArray()) {
      throw GatewayError.invalid("Invalid type for 'input': expected one of a string or array of input items.",
          "input");
    }
    Set<String> callIds = new HashSet<>();
    for (int i = 0; i < input.size(); i++) {
      JsonNode item = input.get(i);
      String at = "input[" + i + "]";
      if (!item.isObject()) {
        throw GatewayError.invalid("Invalid type for '" + at + "': expected an object.", at);
      }
      // A message item may omit its type (EasyInputMessage); every other item names it.
      String type = item.has("type") ? item.path("type").asText("") : item.has("role") ? "message" : "";
      switch (type) {
        case "message" -> message(item, at, out);
        case "function_call" -> {
          String callId = string(item, "call_id", at);
          String name = string(item, "name", at);
          String args = string(item, "arguments", at);
          callIds.add(callId);
          toAssistant(out, List.of(new ContentPart.ToolCall(callId, name, args)));
        }
        case "function_call_output" -> {
          String callId = string(item, "call_id", at);
          if (!callIds.contains(callId)) {
            throw GatewayError.invalid("No tool call found for function call output with call_id " + callId + ".",
                at + ".call_id");
          }
          out.add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult(callId, output(item, at), false)), null));
        }
        case "reasoning" -> reasoning(item, at, out);
        case "item_reference" -> throw GatewayError.invalid("Fairway does not store items (store: false), so item_reference"
            + " '" + item.path("id").asText() + "' cannot be resolved; send the item itself.", at,
            Reason.UNSUPPORTED_VALUE);
        case "" -> throw GatewayError.invalid("Missing required parameter: '" + at + ".type'.", at + ".type",
            Reason.MISSING_PARAMETER);
        default -> throw GatewayError.invalid("Input items of type '" + type + "' are not supported by Fairway"
            + " (they belong to tools that run on OpenAI's servers); supported: message, function_call,"
            + " function_call_output, reasoning.", at + ".type", Reason.UNSUPPORTED_VALUE);
      }
    }
  }

  private static void message(JsonNode item, String at, List<Message> out) {
    String role = item.path("role").asText(null);
    if (role == null) {
      throw GatewayError.invalid("Missing required parameter: '" + at + ".role'.", at + ".role",
          Reason.MISSING_PARAMETER);
    }
    JsonNode content = item.get("content");
    if (content == null || content.isNull()) {
      throw GatewayError.invalid("Missing required parameter: '" + at + ".content'.", at + ".content",
          Reason.MISSING_PARAMETER);
    }
    switch (role) {
      case "user" -> out.add(new Message(Role.USER, userContent(content, at), null));
      case "system", "developer" -> out.add(new Message(Role.SYSTEM, textContent(content, at, false), null));
      case "assistant" -> toAssistant(out, textContent(content, at, true));
      default -> throw GatewayError.invalid("Invalid value for '" + at + ".role': '" + role
          + "'. Supported values are: 'user', 'assistant', 'system' and 'developer'.", at + ".role");
    }
  }

  /** Adds parts to the assistant turn being built: the last message when it is one, else a new one. */
  private static void toAssistant(List<Message> out, List<ContentPart> add) {
    Message last = out.isEmpty() ? null : out.get(out.size() - 1);
    if (last != null && last.role() == Role.ASSISTANT) {
      List<ContentPart> parts = new ArrayList<>(last.content());
      parts.addAll(add);
      out.set(out.size() - 1, new Message(Role.ASSISTANT, parts, null));
    } else {
      out.add(new Message(Role.ASSISTANT, add, null));
    }
  }

  /** Reasoning a model gave earlier: its summary text, and the provider's signature in encrypted_content. */
  private static void reasoning(JsonNode item, String at, List<Message> out) {
    StringBuilder text = new StringBuilder();
    JsonNode summary = item.path("summary");
    if (!summary.isMissingNode() && !summary.isArray()) {
      throw GatewayError.invalid("Invalid type for '" + at + ".summary': expected an array.", at + ".summary");
    }
    for (int j = 0; j < summary.size(); j++) {
      JsonNode s = summary.get(j);
      if (!"summary_text".equals(s.path("type").asText())) {
        throw GatewayError.invalid("Invalid value for '" + at + ".summary[" + j + "].type': expected 'summary_text'.",
            at + ".summary[" + j + "].type");
      }
      text.append(ResponsesRequests.text(s, "text", at + ".summary[" + j + "]").text());
    }
    JsonNode enc = item.get("encrypted_content");
    String signature = enc == null || enc.isNull() ? null : enc.asText();
    if (text.isEmpty() && signature == null) {
      return; // nothing a provider could be given back
    }
    toAssistant(out, List.of(new ContentPart.Reasoning(text.toString(), signature)));
  }

  private static List<ContentPart> userContent(JsonNode content, String at) {
    if (content.isTextual()) {
      return List.of(new ContentPart.Text(content.asText()));
    }
    if (!content.isArray()) {
      throw GatewayError.invalid("Invalid type for '" + at + ".content': expected one of a string or array of"
          + " input content.", at + ".content");
    }
    List<ContentPart> parts = new ArrayList<>(content.size());
    for (int j = 0; j < content.size(); j++) {
      parts.add(inputPart(content.get(j), at + ".content[" + j + "]"));
    }
    return parts;
  }

  private static ContentPart inputPart(JsonNode p, String at) {
    String type = p.path("type").asText("");
    return switch (type) {
      case "input_text" -> ResponsesRequests.text(p, "text", at);
      case "input_image" -> {
        JsonNode url = p.get("image_url");
        if (url == null || !url.isTextual()) {
          if (p.hasNonNull("file_id")) {
            throw GatewayError.invalid("Images by file_id are not supported by Fairway (it stores no files); send"
                + " image_url as an http(s) or base64 data URL.", at + ".file_id", Reason.UNSUPPORTED_VALUE);
          }
          throw GatewayError.invalid("Missing required parameter: '" + at + ".image_url'.", at + ".image_url",
              Reason.MISSING_PARAMETER);
        }
        String detail = p.path("detail").asText(null);
        if (detail != null && !Set.of("auto", "low", "high").contains(detail)) {
          throw GatewayError.invalid("Invalid value for '" + at + ".detail': '" + detail + "'.", at + ".detail");
        }
        yield new ContentPart.Image(OpenAiRequests.imageSource(url.asText(), at + ".image_url"), detail);
      }
      case "input_file", "input_audio" -> throw GatewayError.invalid("Content parts of type '" + type
          + "' are not supported by Fairway.", at + ".type", Reason.UNSUPPORTED_VALUE);
      default -> throw GatewayError.invalid("Invalid value for '" + at + ".type': '" + type
          + "'. Supported values are: 'input_text' and 'input_image'.", at + ".type");
    };
  }

  /** System, developer and assistant content: a string, or text parts of the role's kind. */
  private static List<ContentPart> textContent(JsonNode content, String at, boolean assistant) {
    if (content.isTextual()) {
      return content.asText().isEmpty() && assistant ? List.of() : List.of(new ContentPart.Text(content.asText()));
    }
    if (!content.isArray()) {
      throw GatewayError.invalid("Invalid type for '" + at + ".content': expected one of a string or array of"
          + " content parts.", at + ".content");
    }
    List<ContentPart> parts = new ArrayList<>(content.size());
    for (int j = 0; j < content.size(); j++) {
      JsonNode p = content.get(j);
      String pat = at + ".content[" + j + "]";
      String type = p.path("type").asText("");
      if (assistant && ResponsesRequests.isOutputText(type)) {
        parts.add(ResponsesRequests.text(p, type.equals("refusal") ? "refusal" : "text", pat));
      } else if (!assistant && type.equals("input_text")) {
        parts.add(ResponsesRequests.text(p, "text", pat));
      } else {
        throw GatewayError.invalid("Invalid value for '" + pat + ".type': '" + type + "'. Supported values are: '"
            + (assistant ? "output_text' and 'refusal" : "input_text") + "'.", pat + ".type");
      }
    }
    return parts;
  }

  /** A function call's output: a string, or input_text/input_image parts. */
  private static List<ContentPart> output(JsonNode item, String at) {
    JsonNode o = item.get("output");
    if (o == null || o.isNull()) {
      throw GatewayError.invalid("Missing required parameter: '" + at + ".output'.", at + ".output",
          Reason.MISSING_PARAMETER);
    }
    if (o.isTextual()) {
      return List.of(new ContentPart.Text(o.asText()));
    }
    if (!o.isArray()) {
      throw GatewayError.invalid("Invalid type for '" + at + ".output': expected a string or an array.", at + ".output");
    }
    List<ContentPart> parts = new ArrayList<>(o.size());
    for (int j = 0; j < o.size(); j++) {
      parts.add(inputPart(o.get(j), at + ".output[" + j + "]"));
    }
    return parts;
  }

  private static String string(JsonNode item, String field, String at) {
    JsonNode v = item.get(field);
    if (v == null || v.isNull()) {
      throw GatewayError.invalid("Missing required parameter: '" + at + "." + field + "'.", at + "." + field,
          Reason.MISSING_PARAMETER);
    }
    if (!v.isTextual()) {
      throw GatewayError.invalid("Invalid type for '" + at + "." + field + "': expected a string.", at + "." + field);
    }
    return v.asText();
  }
}
