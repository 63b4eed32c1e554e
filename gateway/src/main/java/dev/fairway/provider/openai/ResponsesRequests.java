package dev.fairway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Message;
import dev.fairway.api.Reason;
import dev.fairway.api.ResponseFormat;
import dev.fairway.api.Role;
import dev.fairway.api.ToolChoice;
import dev.fairway.api.ToolDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Pure, validating translation of a Responses API request into the canonical chat request, so any
 * provider (routers included) can serve it. Fairway is stateless ({@code store: false}): anything
 * that needs a stored response, conversation or prompt is refused with a 400 that says so. Errors
 * name the field as OpenAI does ({@code input[2].content[0].type}).
 *
 * <p>Conversation items become canonical messages in order: {@code instructions} and
 * {@code system}/{@code developer} messages become system messages where they stand; a
 * {@code reasoning} item, assistant {@code message}s and {@code function_call}s that follow one
 * another form one assistant turn (chat protocols carry a turn's tool calls in one message), and
 * each {@code function_call_output} a tool result.
 */
public final class ResponsesRequests {
  private ResponsesRequests() {}

  private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  /** Tool types of the Responses API that run on OpenAI's side, or need its state: refused by name. */
  private static final Set<String> HOSTED_TOOLS = Set.of("web_search", "web_search_preview",
      "web_search_preview_2025_03_11", "web_search_2025_08_26", "file_search", "computer_use_preview", "computer_use",
      "code_interpreter", "image_generation", "mcp", "local_shell", "shell", "apply_patch", "custom", "namespace",
      "tool_search");
  /** {@code include} values that add nothing to an answer Fairway gives (they concern hosted tools). */
  private static final Set<String> INERT_INCLUDES = Set.of("reasoning.encrypted_content", "file_search_call.results",
      "web_search_call.results", "web_search_call.action.sources", "code_interpreter_call.outputs",
      "computer_call_output.output.image_url", "message.input_image.image_url");

  /**
   * A decoded request.
   *
   * @param request the canonical request
   * @param dropped hints no target receives (Fairway's canonical request does not carry them), for
   *     {@code x-fairway-dropped}
   * @param echo what the {@code response} object repeats of the request
   */
  public record Decoded(ChatRequest request, List<String> dropped, ResponsesResponses.Echo echo) {}

  public static Decoded toCanonical(ResponsesWire.Request w) {
    if (w.model() == null || w.model().isBlank()) {
      throw GatewayError.invalid("Missing required parameter: 'model'.", "model", Reason.MISSING_PARAMETER);
    }
    stateless(w);
    Set<String> dropped = new TreeSet<>();
    refuseUnsupported(w, dropped);

    List<ToolDefinition> tools = tools(w.tools());
    Set<String> toolNames = new HashSet<>();
    tools.forEach(t -> toolNames.add(t.name()));

    List<Message> messages = new ArrayList<>();
    if (w.instructions() != null && !w.instructions().isEmpty()) {
      messages.add(Message.system(w.instructions()));
    }
    ResponsesInput.messages(w.input(), messages);
    if (messages.stream().noneMatch(m -> m.role() != Role.SYSTEM)) {
      throw GatewayError.invalid("Invalid 'input': the request needs at least one user, assistant or tool item.",
          "input", Reason.EMPTY_ARRAY);
    }

    Integer max = w.maxOutputTokens();
    if (max != null && max < 16) {
      throw GatewayError.invalid("Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16,"
          + " but got " + max + " instead.", "max_output_tokens", Reason.INTEGER_BELOW_MIN_VALUE);
    }
    ChatRequest.Builder b = ChatRequest.builder(w.model())
        .fallbackModels(fallbacks(w.models()))
        .messages(messages)
        .tools(tools)
        .toolChoice(toolChoice(w.toolChoice(), toolNames))
        .parallelToolCalls(tools.isEmpty() ? null : w.parallelToolCalls())
        .responseFormat(format(w.text()))
        .maxTokens(max)
        .temperature(range(w.temperature(), 0, 2, "temperature"))
        .topP(range(w.topP(), 0, 1, "top_p"))
        .reasoningEffort(effort(w.reasoning()))
        .user(w.user() != null ? w.user() : w.safetyIdentifier());
    boolean stream = Boolean.TRUE.equals(w.stream());
    if (w.streamOptions() != null && !stream) {
      throw GatewayError.invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.",
          "stream_options");
    }
    // A Responses stream always ends with the usage (in response.completed).
    b.stream(stream).includeUsage(stream);
    return new Decoded(b.build(), List.copyOf(dropped), ResponsesResponses.Echo.of(w));
  }

  /** What only a server that keeps state could do: refused, since Fairway keeps none. */
  private static void stateless(ResponsesWire.Request w) {
    if (w.previousResponseId() != null) {
      throw GatewayError.invalid("Fairway does not store responses (it serves the Responses API with store: false),"
          + " so previous_response_id '" + w.previousResponseId() + "' cannot be found. Send the whole conversation in"
          + " 'input' instead.", "previous_response_id", Reason.UNSUPPORTED_PARAMETER);
    }
    if (w.conversation() != null && !w.conversation().isNull()) {
      throw GatewayError.invalid("Fairway does not store conversations; send the whole conversation in 'input'"
          + " instead of 'conversation'.", "conversation", Reason.UNSUPPORTED_PARAMETER);
    }
    if (w.prompt() != null && !w.prompt().isNull()) {
      throw GatewayError.invalid("Fairway has no stored prompt templates; send 'instructions' and 'input' instead of"
          + " 'prompt'.", "prompt", Reason.UNSUPPORTED_PARAMETER);
    }
    if (Boolean.TRUE.equals(w.background())) {
      throw GatewayError.invalid("Fairway does not run responses in the background (that needs a stored response);"
          + " send the request without 'background', streamed if it is long.", "background",
          Reason.UNSUPPORTED_PARAMETER);
    }
  }

  private static void refuseUnsupported(ResponsesWire.Request w, Set<String> dropped) {
    if (w.topLogprobs() != null && w.topLogprobs() != 0) {
      throw unsupported("top_logprobs");
    }
    if (w.maxToolCalls() != null) {
      throw unsupported("max_tool_calls");
    }
    if (w.serviceTier() != null && !w.serviceTier().equals("auto") && !w.serviceTier().equals("default")) {
      throw GatewayError.invalid("service_tier '" + w.serviceTier() + "' is not supported by Fairway.",
          "service_tier", Reason.UNSUPPORTED_PARAMETER);
    }
    if (w.include() != null) {
      for (int i = 0; i < w.include().size(); i++) {
        String inc = w.include().get(i);
        if (inc == null || !INERT_INCLUDES.contains(inc)) {
          throw GatewayError.invalid("Invalid value for 'include[" + i + "]': '" + inc + "' is not supported by"
              + " Fairway.", "include[" + i + "]", Reason.UNSUPPORTED_VALUE);
        }
      }
    }
    if (w.truncation() != null && !w.truncation().equals("disabled")) {
      if (!w.truncation().equals("auto")) {
        throw GatewayError.invalid("Invalid value for 'truncation': '" + w.truncation()
            + "'. Supported values are: 'auto' and 'disabled'.", "truncation");
      }
      dropped.add("truncation"); // a prompt over the window fails instead of being cut: no answer changes
    }
    // Hints: where and how long to cache, storage (Fairway stores nothing), how much to say.
    if (Boolean.TRUE.equals(w.store())) {
      dropped.add("store");
    }
    if (w.clientMetadata() != null) {
      dropped.add("client_metadata");
    }
    if (w.promptCacheKey() != null) {
      dropped.add("prompt_cache_key");
    }
    if (w.promptCacheRetention() != null) {
      dropped.add("prompt_cache_retention");
    }
    if (w.text() != null && w.text().verbosity() != null) {
      if (!Set.of("low", "medium", "high").contains(w.text().verbosity())) {
        throw GatewayError.invalid("Invalid value for 'text.verbosity': '" + w.text().verbosity()
            + "'. Supported values are: 'low', 'medium' and 'high'.", "text.verbosity");
      }
      dropped.add("text.verbosity");
    }
    if (w.reasoning() != null && (w.reasoning().summary() != null || w.reasoning().generateSummary() != null)) {
      dropped.add("reasoning.summary"); // reasoning text is passed on whenever the provider gives it
    }
  }

  private static GatewayError unsupported(String param) {
    return GatewayError.invalid("Unsupported parameter: '" + param + "' is not supported by Fairway.", param,
        Reason.UNSUPPORTED_PARAMETER);
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

  private static Double range(Double v, double min, double max, String param) {
    if (v == null) {
      return null;
    }
    if (v.isNaN() || v < min) {
      throw GatewayError.invalid("Invalid '" + param + "': decimal below minimum value. Expected a value >= "
          + (long) min + ", but got " + v + " instead.", param, Reason.DECIMAL_BELOW_MIN_VALUE);
    }
    if (v > max) {
      throw GatewayError.invalid("Invalid '" + param + "': decimal above maximum value. Expected a value <= "
          + (long) max + ", but got " + v + " instead.", param, Reason.DECIMAL_ABOVE_MAX_VALUE);
    }
    return v;
  }

  private static String effort(ResponsesWire.Reasoning r) {
    if (r == null || r.effort() == null) {
      return null;
    }
    return switch (r.effort()) {
      case "none", "minimal", "low", "medium", "high" -> r.effort();
      // Codex's highest setting; the canonical scale ends at high.
      case "xhigh" -> "high";
      default -> throw GatewayError.invalid("Invalid value for 'reasoning.effort': '" + r.effort()
          + "'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high' and 'xhigh'.", "reasoning.effort");
    };
  }

  // ------------------------------------------------------------------ tools

  private static List<ToolDefinition> tools(List<JsonNode> tools) {
    if (tools == null) {
      return List.of();
    }
    List<ToolDefinition> out = new ArrayList<>(tools.size());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      String at = "tools[" + i + "]";
      if (t == null || !t.isObject()) {
        throw GatewayError.invalid("Invalid type for '" + at + "': expected an object.", at);
      }
      String type = t.path("type").asText(null);
      if (type == null) {
        throw GatewayError.invalid("Missing required parameter: '" + at + ".type'.", at + ".type",
            Reason.MISSING_PARAMETER);
      }
      if (!type.equals("function")) {
        String why = HOSTED_TOOLS.contains(type)
            ? "Tool type '" + type + "' is not supported by Fairway: it runs on OpenAI's servers (or needs their"
                + " state), and Fairway serves every model through function tools only. Define it as a function tool."
            : "Invalid value for '" + at + ".type': '" + type + "'. Fairway supports tools of type 'function'.";
        throw GatewayError.invalid(why, at + ".type", Reason.UNSUPPORTED_VALUE);
      }
      JsonNode name = t.get("name");
      if (name == null || !name.isTextual()) {
        throw GatewayError.invalid("Missing required parameter: '" + at + ".name'.", at + ".name",
            Reason.MISSING_PARAMETER);
      }
      if (!TOOL_NAME.matcher(name.asText()).matches()) {
        throw GatewayError.invalid("Invalid '" + at + ".name': string does not match pattern. Expected a string that"
            + " matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.", at + ".name", Reason.INVALID_VALUE);
      }
      if (!names.add(name.asText())) {
        throw GatewayError.invalid("Invalid 'tools': duplicate function name '" + name.asText() + "'.", at + ".name");
      }
      JsonNode params = t.get("parameters");
      if (params != null && !params.isNull() && !params.isObject()) {
        throw GatewayError.invalid("Invalid type for '" + at + ".parameters': expected an object.", at + ".parameters");
      }
      JsonNode desc = t.get("description");
      JsonNode strict = t.get("strict");
      if (strict != null && !strict.isNull() && !strict.isBoolean()) {
        throw GatewayError.invalid("Invalid type for '" + at + ".strict': expected a boolean.", at + ".strict");
      }
      for (var it = t.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!Set.of("type", "name", "description", "parameters", "strict").contains(f)) {
          throw GatewayError.invalid("Unknown parameter: '" + at + "." + f + "'.", at + "." + f,
              Reason.UNKNOWN_PARAMETER);
        }
      }
      out.add(new ToolDefinition(name.asText(), desc == null || desc.isNull() ? null : desc.asText(),
          params == null || params.isNull() ? null : params,
          strict == null || strict.isNull() ? null : strict.asBoolean()));
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
        throw GatewayError.invalid("Invalid value for 'tool_choice': 'required' is only allowed when 'tools' are"
            + " specified.", "tool_choice");
      }
      return choice;
    }
    String type = tc.path("type").asText("");
    if (!type.equals("function")) {
      throw GatewayError.invalid("Invalid value for 'tool_choice.type': '" + type + "'. Fairway supports 'auto',"
          + " 'none', 'required' and {\"type\": \"function\", \"name\": ...}.", "tool_choice.type",
          Reason.UNSUPPORTED_VALUE);
    }
    String name = tc.path("name").asText(null);
    if (name == null) {
      throw GatewayError.invalid("Missing required parameter: 'tool_choice.name'.", "tool_choice.name",
          Reason.MISSING_PARAMETER);
    }
    if (!toolNames.contains(name)) {
      throw GatewayError.invalid("Invalid 'tool_choice': function '" + name + "' is not among the provided tools.",
          "tool_choice.name");
    }
    return new ToolChoice.Tool(name);
  }

  private static ResponseFormat format(ResponsesWire.TextConfig text) {
    if (text == null || text.format() == null) {
      return null;
    }
    ResponsesWire.Format f = text.format();
    if (f.type() == null) {
      throw GatewayError.invalid("Missing required parameter: 'text.format.type'.", "text.format.type",
          Reason.MISSING_PARAMETER);
    }
    return switch (f.type()) {
      case "text" -> ResponseFormat.TEXT;
      case "json_object" -> ResponseFormat.JSON_OBJECT;
      case "json_schema" -> {
        if (f.name() == null) {
          throw GatewayError.invalid("Missing required parameter: 'text.format.name'.", "text.format.name",
              Reason.MISSING_PARAMETER);
        }
        if (f.schema() == null || !f.schema().isObject()) {
          throw GatewayError.invalid("Missing required parameter: 'text.format.schema'.", "text.format.schema",
              Reason.MISSING_PARAMETER);
        }
        yield new ResponseFormat.JsonSchema(f.name(), f.description(), f.schema(), Boolean.TRUE.equals(f.strict()));
      }
      default -> throw GatewayError.invalid("Invalid value for 'text.format.type': '" + f.type()
          + "'. Supported values are: 'text', 'json_object' and 'json_schema'.", "text.format.type");
    };
  }

  /** {@code true} for text parts a model wrote ({@code output_text}, {@code refusal}). */
  static boolean isOutputText(String type) {
    return type.equals("output_text") || type.equals("refusal");
  }

  static ContentPart.Text text(JsonNode part, String field, String at) {
    JsonNode t = part.get(field);
    if (t == null || !t.isTextual()) {
      throw GatewayError.invalid("Invalid type for '" + at + "." + field + "': expected a string.", at + "." + field);
    }
    return new ContentPart.Text(t.asText());
  }
}
