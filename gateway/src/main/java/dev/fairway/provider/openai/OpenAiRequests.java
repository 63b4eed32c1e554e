package dev.fairway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.ImageSource;
import dev.fairway.api.Message;
import dev.fairway.api.NativeRequest;
import dev.fairway.api.ResponseFormat;
import dev.fairway.api.Role;
import dev.fairway.api.ToolChoice;
import dev.fairway.api.ToolDefinition;
import dev.fairway.provider.Base64Check;
import dev.fairway.provider.Json;
import dev.fairway.provider.openai.OpenAiWire.ChatCompletionRequest;
import dev.fairway.provider.openai.OpenAiWire.ChatMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure translation of Chat Completions requests: {@link #toCanonical} validates what a client sent
 * (errors name the parameter as OpenAI does), {@link #toWire} writes what an OpenAI-compatible
 * provider receives.
 */
public final class OpenAiRequests {
  private OpenAiRequests() {}

  private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  /** How a provider names the output-token limit: OpenAI itself wants {@code max_completion_tokens}. */
  public enum Dialect {
    OPENAI,
    COMPATIBLE
  }

  // ================================================================== client → canonical

  public static ChatRequest toCanonical(ChatCompletionRequest w) {
    if (w.model() == null || w.model().isBlank()) {
      throw GatewayError.invalid("you must provide a model parameter", "model", Reason.MISSING_PARAMETER);
    }
    if (w.messages() == null) {
      throw GatewayError.invalid("Missing required parameter: 'messages'.", "messages", Reason.MISSING_PARAMETER);
    }
    if (w.messages().isEmpty()) {
      throw GatewayError.invalid("Invalid 'messages': empty array. Expected an array with minimum length 1.",
          "messages",
          Reason.EMPTY_ARRAY);
    }
    rejectUnsupported(w);

    List<ToolDefinition> tools = tools(w.tools());
    Set<String> toolNames = new HashSet<>();
    tools.forEach(t -> toolNames.add(t.name()));

    ChatRequest.Builder b = ChatRequest.builder(w.model())
        .fallbackModels(fallbacks(w.models()))
        .messages(messages(w.messages()))
        .tools(tools)
        .toolChoice(toolChoice(w.toolChoice(), toolNames))
        .parallelToolCalls(w.parallelToolCalls())
        .responseFormat(responseFormat(w.responseFormat()))
        .maxTokens(maxTokens(w))
        .temperature(range(w.temperature(), 0, 2, "temperature"))
        .topP(range(w.topP(), 0, 1, "top_p"))
        .stop(stop(w.stop()))
        .seed(w.seed())
        .presencePenalty(range(w.presencePenalty(), -2, 2, "presence_penalty"))
        .frequencyPenalty(range(w.frequencyPenalty(), -2, 2, "frequency_penalty"))
        .reasoningEffort(reasoningEffort(w.reasoningEffort()))
        .user(w.user());
    boolean stream = Boolean.TRUE.equals(w.stream());
    if (w.streamOptions() != null && !stream) {
      throw GatewayError.invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.",
          "stream_options");
    }
    b.stream(stream).includeUsage(stream && w.streamOptions() != null && Boolean.TRUE.equals(w.streamOptions().includeUsage()));
    return b.build();
  }

  private static void rejectUnsupported(ChatCompletionRequest w) {
    if (w.n() != null && w.n() != 1) {
      throw GatewayError.invalid("Fairway serves one choice per request; 'n' must be 1 (got " + w.n() + ").", "n",
          Reason.UNSUPPORTED_PARAMETER);
    }
    unsupported(Boolean.TRUE.equals(w.logprobs()), "logprobs");
    unsupported(w.topLogprobs() != null, "top_logprobs");
    unsupported(w.logitBias() != null && !w.logitBias().isEmpty(), "logit_bias");
    unsupported(w.audio() != null && !w.audio().isNull(), "audio");
    unsupported(w.modalities() != null && w.modalities().stream().anyMatch(m -> !"text".equals(m)), "modalities");
    unsupported(w.prediction() != null && !w.prediction().isNull(), "prediction");
    unsupported(w.webSearchOptions() != null && !w.webSearchOptions().isNull(), "web_search_options");
    unsupported(Boolean.TRUE.equals(w.store()), "store");
    if (w.functions() != null && !w.functions().isNull()) {
      throw GatewayError.invalid("'functions' is deprecated and not supported by Fairway; use 'tools'.", "functions",
          Reason.UNSUPPORTED_PARAMETER);
    }
    if (w.functionCall() != null && !w.functionCall().isNull()) {
      throw GatewayError.invalid("'function_call' is deprecated and not supported by Fairway; use 'tool_choice'.",
          "function_call", Reason.UNSUPPORTED_PARAMETER);
    }
    if (w.serviceTier() != null && !w.serviceTier().equals("auto") && !w.serviceTier().equals("default")) {
      throw GatewayError.invalid("service_tier '" + w.serviceTier() + "' is not supported by Fairway.",
          "service_tier", Reason.UNSUPPORTED_PARAMETER);
    }
  }

  private static void unsupported(boolean present, String param) {
    if (present) {
      throw GatewayError.invalid("Unsupported parameter: '" + param + "' is not supported by Fairway.", param,
          Reason.UNSUPPORTED_PARAMETER);
    }
  }

  private static List<String> fallbacks(List<String> models) {
    if (models == null) {
      return List.of();
    }
    for (int i = 0; i < models.size(); i++) {
      if (models.get(i) == null || models.get(i).isBlank()) {
        throw GatewayError.invalid("Invalid 'models[" + i + "]': expected a model name.", "models[" + i + "]");
      }
    }
    return models;
  }

  private static Integer maxTokens(ChatCompletionRequest w) {
    Integer v = w.maxCompletionTokens() != null ? w.maxCompletionTokens() : w.maxTokens();
    String param = w.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
    if (v != null && v < 1) {
      throw GatewayError.invalid("Invalid '" + param + "': integer below minimum value. Expected a value >= 1, but got "
          + v + " instead.", param, Reason.INTEGER_BELOW_MIN_VALUE);
    }
    return v;
  }

  private static Double range(Double v, double min, double max, String param) {
    if (v == null) {
      return null;
    }
    if (v.isNaN() || v < min) {
      throw GatewayError.invalid("Invalid '" + param + "': decimal below minimum value. Expected a value >= " + fmt(min)
          + ", but got " + v + " instead.", param, Reason.DECIMAL_BELOW_MIN_VALUE);
    }
    if (v > max) {
      throw GatewayError.invalid("Invalid '" + param + "': decimal above maximum value. Expected a value <= " + fmt(max)
          + ", but got " + v + " instead.", param, Reason.DECIMAL_ABOVE_MAX_VALUE);
    }
    return v;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static String reasoningEffort(String v) {
    if (v == null) {
      return null;
    }
    if (!Set.of("none", "minimal", "low", "medium", "high").contains(v)) {
      throw GatewayError.invalid("Invalid value for 'reasoning_effort': '" + v
          + "'. Supported values are: 'none', 'minimal', 'low', 'medium' and 'high'.", "reasoning_effort");
    }
    return v;
  }

  private static List<String> stop(JsonNode stop) {
    if (stop == null || stop.isNull()) {
      return List.of();
    }
    if (stop.isTextual()) {
      return List.of(stop.asText());
    }
    if (!stop.isArray()) {
      throw GatewayError.invalid("Invalid type for 'stop': expected a string or an array of strings.", "stop");
    }
    if (stop.size() > 4) {
      throw GatewayError.invalid("Invalid 'stop': array too long. Expected an array with maximum length 4, but got "
          + stop.size() + " instead.", "stop", Reason.ARRAY_ABOVE_MAX_LENGTH);
    }
    List<String> out = new ArrayList<>(stop.size());
    for (int i = 0; i < stop.size(); i++) {
      if (!stop.get(i).isTextual()) {
        throw GatewayError.invalid("Invalid type for 'stop[" + i + "]': expected a string.", "stop[" + i + "]");
      }
      out.add(stop.get(i).asText());
    }
    return out;
  }

  private static List<ToolDefinition> tools(List<OpenAiWire.Tool> tools) {
    if (tools == null) {
      return List.of();
    }
    List<ToolDefinition> out = new ArrayList<>(tools.size());
    for (int i = 0; i < tools.size(); i++) {
      OpenAiWire.Tool t = tools.get(i);
      String at = "tools[" + i + "]";
      if (t == null) {
        throw GatewayError.invalid("Invalid '" + at + "': expected an object.", at);
      }
      if (!"function".equals(t.type())) {
        throw GatewayError.invalid("Invalid value for '" + at + ".type': '" + t.type()
            + "'. Fairway supports tools of type 'function'.", at + ".type");
      }
      OpenAiWire.FunctionDefinition f = t.function();
      if (f == null || f.name() == null) {
        throw GatewayError.invalid("Missing required parameter: '" + at + ".function.name'.",
            at + ".function.name", Reason.MISSING_PARAMETER);
      }
      if (!TOOL_NAME.matcher(f.name()).matches()) {
        throw GatewayError.invalid("Invalid '" + at + ".function.name': string does not match pattern. Expected a string"
            + " that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.", at + ".function.name", Reason.INVALID_VALUE);
      }
      if (f.parameters() != null && !f.parameters().isNull() && !f.parameters().isObject()) {
        throw GatewayError.invalid("Invalid type for '" + at + ".function.parameters': expected an object.",
            at + ".function.parameters");
      }
      JsonNode params = f.parameters() == null || f.parameters().isNull() ? null : f.parameters();
      out.add(new ToolDefinition(f.name(), f.description(), params, f.strict()));
    }
    return out;
  }

  private static ToolChoice toolChoice(JsonNode tc, Set<String> toolNames) {
    if (tc == null || tc.isNull()) {
      return null;
    }
    if (tc.isTextual()) {
      ToolChoice choice = switch (tc.asText()) {
        case "auto" -> ToolChoice.AUTO;
        case "none" -> ToolChoice.NONE;
        case "required" -> ToolChoice.REQUIRED;
        default -> throw GatewayError.invalid("Invalid value for 'tool_choice': '" + tc.asText()
            + "'. Supported values are: 'none', 'auto' and 'required'.", "tool_choice");
      };
      if (choice instanceof ToolChoice.Required && toolNames.isEmpty()) {
        throw GatewayError.invalid("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
            "tool_choice");
      }
      return choice;
    }
    String name = tc.path("function").path("name").asText(null);
    if (!tc.isObject() || !"function".equals(tc.path("type").asText()) || name == null) {
      throw GatewayError.invalid("Invalid 'tool_choice': expected 'none', 'auto', 'required' or "
          + "{\"type\": \"function\", \"function\": {\"name\": ...}}.", "tool_choice");
    }
    if (!toolNames.contains(name)) {
      throw GatewayError.invalid("Invalid 'tool_choice': function '" + name + "' is not among the provided tools.",
          "tool_choice.function.name");
    }
    return new ToolChoice.Tool(name);
  }

  private static ResponseFormat responseFormat(OpenAiWire.ResponseFormat rf) {
    if (rf == null) {
      return null;
    }
    if (rf.type() == null) {
      throw GatewayError.invalid("Missing required parameter: 'response_format.type'.", "response_format.type",
          Reason.MISSING_PARAMETER);
    }
    return switch (rf.type()) {
      case "text" -> ResponseFormat.TEXT;
      case "json_object" -> ResponseFormat.JSON_OBJECT;
      case "json_schema" -> {
        OpenAiWire.JsonSchema s = rf.jsonSchema();
        if (s == null || s.name() == null) {
          throw GatewayError.invalid("Missing required parameter: 'response_format.json_schema.name'.",
              "response_format.json_schema.name", Reason.MISSING_PARAMETER);
        }
        if (s.schema() != null && !s.schema().isObject()) {
          throw GatewayError.invalid("Invalid type for 'response_format.json_schema.schema': expected an object.",
              "response_format.json_schema.schema");
        }
        yield new ResponseFormat.JsonSchema(s.name(), s.description(), s.schema(), Boolean.TRUE.equals(s.strict()));
      }
      default -> throw GatewayError.invalid("Invalid value for 'response_format.type': '" + rf.type()
          + "'. Supported values are: 'text', 'json_object' and 'json_schema'.", "response_format.type");
    };
  }

  private static List<Message> messages(List<ChatMessage> wire) {
    List<Message> out = new ArrayList<>(wire.size());
    Set<String> callIds = new HashSet<>();
    for (int i = 0; i < wire.size(); i++) {
      ChatMessage m = wire.get(i);
      String at = "messages[" + i + "]";
      if (m == null) {
        throw GatewayError.invalid("Invalid '" + at + "': expected an object.", at);
      }
      if (m.role() == null) {
        throw GatewayError.invalid("Missing required parameter: '" + at + ".role'.", at + ".role",
            Reason.MISSING_PARAMETER);
      }
      switch (m.role()) {
        case "system", "developer" -> out.add(new Message(Role.SYSTEM, textOnly(m.content(), at, true), m.name()));
        case "user" -> out.add(new Message(Role.USER, userContent(m.content(), at), m.name()));
        case "assistant" -> {
          List<ContentPart> parts = new ArrayList<>(textOnly(m.content(), at, false));
          if (m.toolCalls() != null) {
            for (int j = 0; j < m.toolCalls().size(); j++) {
              parts.add(toolCall(m.toolCalls().get(j), at + ".tool_calls[" + j + "]", callIds));
            }
          }
          if (parts.isEmpty() && m.refusal() != null) {
            parts.add(new ContentPart.Text(m.refusal()));
          }
          out.add(new Message(Role.ASSISTANT, parts, m.name()));
        }
        case "tool" -> {
          if (m.toolCallId() == null || m.toolCallId().isBlank()) {
            throw GatewayError.invalid("Missing required parameter: '" + at + ".tool_call_id'.",
                at + ".tool_call_id", Reason.MISSING_PARAMETER);
          }
          if (!callIds.contains(m.toolCallId())) {
            throw GatewayError.invalid("Invalid parameter: messages with role 'tool' must be a response to a preceding"
                + " message with 'tool_calls'; no tool call has id '" + m.toolCallId() + "'.", at + ".tool_call_id");
          }
          List<ContentPart> result = textOnly(m.content(), at, true);
          out.add(new Message(Role.TOOL, List.of(new ContentPart.ToolResult(m.toolCallId(), result, false)), null));
        }
        case "function" -> throw GatewayError.invalid("Messages with role 'function' are deprecated and not supported"
            + " by Fairway; use role 'tool'.", at + ".role", Reason.UNSUPPORTED_VALUE);
        default -> throw GatewayError.invalid("Invalid value for '" + at + ".role': '" + m.role()
            + "'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.", at + ".role");
      }
    }
    return out;
  }

  private static ContentPart.ToolCall toolCall(OpenAiWire.ToolCall tc, String at, Set<String> callIds) {
    if (tc == null || tc.id() == null || tc.function() == null || tc.function().name() == null) {
      throw GatewayError.invalid("Invalid '" + at + "': a tool call needs an id and a function name.", at);
    }
    if (tc.type() != null && !"function".equals(tc.type())) {
      throw GatewayError.invalid("Invalid value for '" + at + ".type': '" + tc.type() + "'.", at + ".type");
    }
    callIds.add(tc.id());
    return new ContentPart.ToolCall(tc.id(), tc.function().name(), tc.function().arguments());
  }

  /** System, developer, assistant and tool content: a string or an array of text parts. */
  private static List<ContentPart> textOnly(JsonNode content, String at, boolean required) {
    if (content == null || content.isNull()) {
      if (required) {
        throw GatewayError.invalid("Missing required parameter: '" + at + ".content'.", at + ".content",
            Reason.MISSING_PARAMETER);
      }
      return List.of();
    }
    if (content.isTextual()) {
      return content.asText().isEmpty() && !required ? List.of() : List.of(new ContentPart.Text(content.asText()));
    }
    if (!content.isArray()) {
      throw GatewayError.invalid("Invalid type for '" + at + ".content': expected one of a string or array of objects.",
          at + ".content");
    }
    List<ContentPart> out = new ArrayList<>(content.size());
    for (int j = 0; j < content.size(); j++) {
      JsonNode p = content.get(j);
      String pat = at + ".content[" + j + "]";
      String type = p.path("type").asText("");
      if (type.equals("text")) {
        out.add(new ContentPart.Text(text(p, pat)));
      } else if (type.equals("refusal")) {
        out.add(new ContentPart.Text(p.path("refusal").asText("")));
      } else {
        throw GatewayError.invalid("Invalid value for '" + pat + ".type': '" + type
            + "'. Only 'text' parts are allowed in this message.", pat + ".type");
      }
    }
    return out;
  }

  private static List<ContentPart> userContent(JsonNode content, String at) {
    if (content == null || content.isNull()) {
      throw GatewayError.invalid("Missing required parameter: '" + at + ".content'.", at + ".content",
          Reason.MISSING_PARAMETER);
    }
    if (content.isTextual()) {
      return List.of(new ContentPart.Text(content.asText()));
    }
    if (!content.isArray()) {
      throw GatewayError.invalid("Invalid type for '" + at + ".content': expected one of a string or array of objects.",
          at + ".content");
    }
    List<ContentPart> out = new ArrayList<>(content.size());
    for (int j = 0; j < content.size(); j++) {
      JsonNode p = content.get(j);
      String pat = at + ".content[" + j + "]";
      if (!p.isObject()) {
        throw GatewayError.invalid("Invalid type for '" + pat + "': expected an object.", pat);
      }
      String type = p.path("type").asText("");
      switch (type) {
        case "text" -> out.add(new ContentPart.Text(text(p, pat)));
        case "image_url" -> out.add(image(p.path("image_url"), pat + ".image_url"));
        case "input_audio", "file" -> throw GatewayError.invalid("Content parts of type '" + type
            + "' are not supported by Fairway.", pat + ".type", Reason.UNSUPPORTED_VALUE);
        default -> throw GatewayError.invalid("Invalid value for '" + pat + ".type': '" + type
            + "'. Supported values are: 'text' and 'image_url'.", pat + ".type");
      }
    }
    return out;
  }

  private static String text(JsonNode part, String at) {
    JsonNode t = part.get("text");
    if (t == null || !t.isTextual()) {
      throw GatewayError.invalid("Invalid '" + at + ".text': expected a string.", at + ".text");
    }
    return t.asText();
  }

  private static ContentPart.Image image(JsonNode img, String at) {
    String url = img.path("url").asText(null);
    if (url == null) {
      throw GatewayError.invalid("Missing required parameter: '" + at + ".url'.", at + ".url",
          Reason.MISSING_PARAMETER);
    }
    String detail = img.path("detail").asText(null);
    if (detail != null && !Set.of("auto", "low", "high").contains(detail)) {
      throw GatewayError.invalid("Invalid value for '" + at + ".detail': '" + detail + "'.", at + ".detail");
    }
    return new ContentPart.Image(imageSource(url, at + ".url"), detail);
  }

  /** Parses a {@code data:} URL into inline base64, or keeps an http(s) URL. */
  static ImageSource imageSource(String url, String param) {
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      String header = comma < 0 ? "" : url.substring(5, comma);
      if (comma < 0 || !header.endsWith(";base64")) {
        throw GatewayError.invalid("Invalid image data URL: expected 'data:<media type>;base64,<data>'.", param,
            Reason.INVALID_IMAGE_URL);
      }
      String mediaType = header.substring(0, header.length() - ";base64".length());
      if (!IMAGE_TYPES.contains(mediaType)) {
        throw GatewayError.invalid("Invalid image media type '" + mediaType
            + "'. Supported: image/jpeg, image/png, image/gif, image/webp.", param, Reason.INVALID_IMAGE_FORMAT);
      }
      String data = url.substring(comma + 1);
      if (!Base64Check.isValid(data)) {
        throw GatewayError.invalid("Invalid base64 image data.", param, Reason.INVALID_BASE64);
      }
      return new ImageSource.Base64(mediaType, data);
    }
    if (url.startsWith("https://") || url.startsWith("http://")) {
      return new ImageSource.Url(url);
    }
    throw GatewayError.invalid("Invalid image URL: expected an http(s) URL or a base64 data URL.", param,
        Reason.INVALID_IMAGE_URL);
  }

  // ================================================================== canonical → provider

  public static ChatCompletionRequest toWire(ChatRequest r, String upstreamModel, Dialect dialect, String provider) {
    String who = "Provider '" + provider + "' (OpenAI Chat Completions)";
    NativeRequest.refuseForeign(r, who);
    if (r.topK() != null) {
      // Chat Completions has no top-k; dropping it would sample differently from what was asked.
      throw GatewayError.unsupported(who + " has no 'top_k' parameter.", "top_k");
    }
    List<ChatMessage> messages = new ArrayList<>(r.messages().size());
    for (Message m : r.messages()) {
      switch (m.role()) {
        case SYSTEM -> messages.add(new ChatMessage("system", textNode(m.text()), m.name(), null, null, null, null, null,
            null, null));
        case USER -> messages.add(new ChatMessage("user", userContentNode(m.content(), provider), m.name(), null, null,
            null, null, null, null, null));
        case ASSISTANT -> {
          List<OpenAiWire.ToolCall> calls = new ArrayList<>();
          for (ContentPart.ToolCall c : m.toolCalls()) {
            calls.add(new OpenAiWire.ToolCall(null, c.id(), "function", new OpenAiWire.FunctionCall(c.name(), c.arguments())));
          }
          String text = m.text();
          messages.add(new ChatMessage("assistant", text.isEmpty() && !calls.isEmpty() ? null : textNode(text), m.name(),
              calls.isEmpty() ? null : calls, null, null, null, null, null, null));
        }
        case TOOL -> {
          List<ContentPart> rest = new ArrayList<>();
          for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.ToolResult tr) {
              if (tr.content().stream().anyMatch(ContentPart.Image.class::isInstance)) {
                throw GatewayError.unsupported("Provider '" + provider + "' (OpenAI Chat Completions) does not accept"
                    + " images in tool results.", "messages");
              }
              String text = tr.isError() && !tr.text().startsWith("Error") ? "Error: " + tr.text() : tr.text();
              messages.add(new ChatMessage("tool", textNode(text), null, null, tr.toolCallId(), null, null, null, null,
                  null));
            } else {
              rest.add(p);
            }
          }
          if (!rest.isEmpty()) {
            messages.add(new ChatMessage("user", userContentNode(rest, provider), null, null, null, null, null, null,
                null, null));
          }
        }
      }
    }
    List<OpenAiWire.Tool> tools = null;
    if (!r.tools().isEmpty()) {
      tools = new ArrayList<>(r.tools().size());
      for (ToolDefinition t : r.tools()) {
        tools.add(new OpenAiWire.Tool("function",
            new OpenAiWire.FunctionDefinition(t.name(), t.description(), t.parameters(), t.strict())));
      }
    }
    JsonNode stop = null;
    if (!r.stop().isEmpty()) {
      ArrayNode a = Json.NODES.arrayNode();
      r.stop().forEach(a::add);
      stop = a;
    }
    boolean official = dialect == Dialect.OPENAI;
    return new ChatCompletionRequest(
        upstreamModel, messages, tools, toolChoiceNode(r.toolChoice()), tools == null ? null : r.parallelToolCalls(),
        responseFormatWire(r.responseFormat()),
        official ? null : r.maxTokens(), official ? r.maxTokens() : null,
        r.temperature(), r.topP(), stop, r.seed(), r.user(),
        r.stream() ? Boolean.TRUE : null,
        r.stream() ? new OpenAiWire.StreamOptions(true, null) : null,
        null, r.presencePenalty(), r.frequencyPenalty(), r.reasoningEffort(),
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  private static JsonNode textNode(String s) {
    return TextNode.valueOf(s);
  }

  private static JsonNode userContentNode(List<ContentPart> parts, String provider) {
    if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text t) {
      return TextNode.valueOf(t.text());
    }
    ArrayNode arr = Json.NODES.arrayNode(parts.size());
    for (ContentPart p : parts) {
      switch (p) {
        case ContentPart.Text t -> arr.addObject().put("type", "text").put("text", t.text());
        case ContentPart.Image img -> {
          ObjectNode iu = arr.addObject().put("type", "image_url").putObject("image_url");
          iu.put("url", switch (img.source()) {
            case ImageSource.Base64 b -> "data:" + b.mediaType() + ";base64," + b.data();
            case ImageSource.Url u -> u.url();
          });
          if (img.detail() != null) {
            iu.put("detail", img.detail());
          }
        }
        case ContentPart.Reasoning ignored -> { }
        case ContentPart.ToolCall ignored -> throw GatewayError.invalid("A user message cannot carry tool calls.", "messages");
        case ContentPart.ToolResult ignored -> throw GatewayError.invalid("Tool results must be in tool messages.", "messages");
      }
    }
    return arr;
  }

  private static JsonNode toolChoiceNode(ToolChoice tc) {
    if (tc == null) {
      return null;
    }
    return switch (tc) {
      case ToolChoice.Auto a -> TextNode.valueOf("auto");
      case ToolChoice.None n -> TextNode.valueOf("none");
      case ToolChoice.Required q -> TextNode.valueOf("required");
      case ToolChoice.Tool t -> {
        ObjectNode o = Json.NODES.objectNode().put("type", "function");
        o.putObject("function").put("name", t.name());
        yield o;
      }
    };
  }

  private static OpenAiWire.ResponseFormat responseFormatWire(ResponseFormat rf) {
    if (rf == null) {
      return null;
    }
    return switch (rf) {
      case ResponseFormat.Text t -> new OpenAiWire.ResponseFormat("text", null);
      case ResponseFormat.JsonObject j -> new OpenAiWire.ResponseFormat("json_object", null);
      case ResponseFormat.JsonSchema s -> new OpenAiWire.ResponseFormat("json_schema",
          new OpenAiWire.JsonSchema(s.name(), s.description(), s.schema(), s.strict() ? Boolean.TRUE : null));
    };
  }
}
