package dev.fairway.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.GatewayError;
import dev.fairway.api.ImageSource;
import dev.fairway.api.Message;
import dev.fairway.api.NativeRequest;
import dev.fairway.api.ResponseFormat;
import dev.fairway.api.ToolChoice;
import dev.fairway.api.ToolDefinition;
import dev.fairway.provider.Json;
import dev.fairway.provider.gemini.GeminiWire.Content;
import dev.fairway.provider.gemini.GeminiWire.FunctionCall;
import dev.fairway.provider.gemini.GeminiWire.FunctionResponse;
import dev.fairway.provider.gemini.GeminiWire.GenerateContentRequest;
import dev.fairway.provider.gemini.GeminiWire.GenerationConfig;
import dev.fairway.provider.gemini.GeminiWire.Part;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Pure translation of a canonical request into a Gemini {@code generateContent} body. What Gemini
 * cannot do is refused with {@link GatewayError#unsupported} naming the parameter, so dispatch can
 * try another model; nothing is dropped silently except the two OpenAI metadata fields noted below.
 *
 * <p>Design notes:
 * <ul>
 *   <li>Tool schemas go in {@code parametersJsonSchema} and answer schemas in
 *       {@code responseJsonSchema}: both take JSON Schema as clients write it. The older
 *       {@code parameters}/{@code responseSchema} take Google's OpenAPI 3.0 subset, which has no
 *       {@code $ref}, {@code additionalProperties} or {@code const}, wants upper-case types and
 *       {@code nullable} instead of {@code ["string","null"]}; converting would be lossy and a source
 *       of 400s, for no gain.</li>
 *   <li>System messages anywhere in the conversation are gathered, in order, into
 *       {@code systemInstruction}; consecutive turns of one role are merged, so parallel tool
 *       results travel together in one user turn as Gemini requires.</li>
 *   <li>{@code functionResponse} needs the function's name, which a canonical tool result lacks:
 *       it is looked up from the tool call with the same id earlier in the conversation.</li>
 *   <li>Thinking models sign their function calls ({@code thoughtSignature}) and Gemini 3 rejects
 *       a replayed call without one. A signature the client kept (a canonical Reasoning part with a
 *       signature just before the call) is sent back; otherwise the first call of each model turn
 *       carries Google's documented placeholder, as for histories from other models.</li>
 *   <li>OpenAI's {@code user} (an end-user id for abuse tracking) and a message's participant
 *       {@code name} have no Gemini equivalent and change nothing in the answer: they are not sent.</li>
 * </ul>
 */
public final class GeminiRequests {
  private GeminiRequests() {}

  /** Google's documented placeholder for function calls that carry no real thought signature. */
  static final String PLACEHOLDER_SIGNATURE = "skip_thought_signature_validator";
  static final int MAX_STOP_SEQUENCES = 5;
  private static final Pattern FILES_API =
      Pattern.compile("https://generativelanguage\\.googleapis\\.com/v1[a-z0-9]*/files/[a-z0-9-]+");
  private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}");

  /** Translates {@code r} for {@code model} (the provider's model name, without "models/"). */
  public static GenerateContentRequest toWire(ChatRequest r, String model, String provider) {
    NativeRequest.refuseForeign(r, "Provider '" + provider + "' (Gemini)");
    Family family = Family.of(model);
    List<Part> system = new ArrayList<>();
    List<Content> contents = contents(r, family, system, provider);
    if (contents.isEmpty()) {
      throw GatewayError.unsupported("Provider '" + provider + "' (Gemini) needs at least one user or assistant"
          + " message; a conversation of system messages only cannot be sent.", "messages");
    }
    List<GeminiWire.Tool> tools = tools(r.tools());
    if (tools != null && r.wantsJson() && !family.jsonWithTools()) {
      throw GatewayError.unsupported("Model '" + model + "' (Gemini) cannot combine function calling with a JSON"
          + " response format; Gemini 3 models can.", "response_format");
    }
    return new GenerateContentRequest(
        contents,
        system.isEmpty() ? null : new Content(null, system),
        tools,
        tools == null ? null : toolConfig(r.toolChoice()),
        generationConfig(r, family, model));
  }

  // ================================================================== conversation

  private static List<Content> contents(ChatRequest r, Family family, List<Part> system, String provider) {
    List<Content> out = new ArrayList<>(r.messages().size());
    Map<String, String> callNames = new HashMap<>();
    List<Message> messages = r.messages();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      String at = "messages[" + i + "]";
      switch (m.role()) {
        case SYSTEM -> {
          for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.Text t) {
              system.add(Part.text(t.text()));
            } else if (!(p instanceof ContentPart.Reasoning)) {
              throw GatewayError.unsupported("Provider '" + provider + "' (Gemini) takes only text in system"
                  + " instructions.", at + ".content");
            }
          }
        }
        case USER -> append(out, "user", userParts(m.content(), at, provider));
        case ASSISTANT -> append(out, "model", modelParts(m.content(), at, family, callNames));
        case TOOL -> append(out, "user", toolParts(m.content(), at, callNames, provider));
      }
    }
    return out;
  }

  /** Adds a turn, merging it into the previous one when both have the same role. */
  private static void append(List<Content> out, String role, List<Part> parts) {
    if (parts.isEmpty()) {
      return; // Gemini rejects a turn without parts; an empty message says nothing anyway
    }
    if (!out.isEmpty() && out.get(out.size() - 1).role().equals(role)) {
      Content last = out.remove(out.size() - 1);
      List<Part> merged = new ArrayList<>(last.parts().size() + parts.size());
      merged.addAll(last.parts());
      merged.addAll(parts);
      out.add(new Content(role, merged));
    } else {
      out.add(new Content(role, parts));
    }
  }

  private static List<Part> userParts(List<ContentPart> content, String at, String provider) {
    List<Part> parts = new ArrayList<>(content.size());
    for (int j = 0; j < content.size(); j++) {
      switch (content.get(j)) {
        case ContentPart.Text t -> parts.add(Part.text(t.text()));
        case ContentPart.Image img -> parts.add(image(img, at + ".content[" + j + "]", provider));
        case ContentPart.Reasoning ignored -> { }
        case ContentPart.ToolCall ignored -> throw GatewayError.invalid("A user message cannot carry tool calls.", at);
        case ContentPart.ToolResult ignored -> throw GatewayError.invalid("Tool results must be in tool messages.", at);
      }
    }
    return parts;
  }

  /**
   * Gemini reads images inline or from its own Files API; it fetches nothing from the web. A URL of
   * a file uploaded there is passed as {@code fileData}, any other URL refused.
   */
  private static Part image(ContentPart.Image img, String at, String provider) {
    return switch (img.source()) {
      case ImageSource.Base64 b -> Part.inline(b.mediaType(), b.data());
      case ImageSource.Url u when FILES_API.matcher(u.url()).matches() ->
          new Part(null, null, null, null, new GeminiWire.FileData(null, u.url()), null, null);
      case ImageSource.Url u -> throw GatewayError.unsupported("Provider '" + provider + "' (Gemini) does not fetch"
          + " image URLs; send the image inline as a base64 data URL.", at);
    };
  }

  private static List<Part> modelParts(List<ContentPart> content, String at, Family family,
      Map<String, String> callNames) {
    List<Part> parts = new ArrayList<>(content.size());
    String signature = null; // from a Reasoning part, for the part that follows it
    boolean signedCall = false;
    for (ContentPart p : content) {
      switch (p) {
        case ContentPart.Reasoning rs -> {
          // Thought summaries are not sent back (Gemini keeps its reasoning in the signature).
          if (rs.signature() != null && !rs.signature().isEmpty()) {
            signature = rs.signature();
          }
        }
        case ContentPart.Text t -> {
          if (!t.text().isEmpty()) {
            parts.add(signature == null ? Part.text(t.text()) : Part.text(t.text()).withThoughtSignature(signature));
            signature = null;
          }
        }
        case ContentPart.ToolCall tc -> {
          callNames.put(tc.id(), tc.name());
          String sig = signature;
          if (sig == null && !signedCall && family.validatesSignatures()) {
            sig = PLACEHOLDER_SIGNATURE;
          }
          signedCall = true;
          signature = null;
          parts.add(Part.call(new FunctionCall(tc.id(), tc.name(), arguments(tc, at)), sig));
        }
        case ContentPart.Image ignored -> throw GatewayError.invalid("An assistant message cannot carry images.", at);
        case ContentPart.ToolResult ignored -> throw GatewayError.invalid("Tool results must be in tool messages.", at);
      }
    }
    return parts;
  }

  private static JsonNode arguments(ContentPart.ToolCall tc, String at) {
    try {
      JsonNode args = Json.CAMEL.readTree(tc.arguments());
      if (args != null && args.isObject()) {
        return args;
      }
    } catch (JsonProcessingException notJson) {
      // reported below
    }
    throw GatewayError.invalid("The arguments of tool call '" + tc.id() + "' are not a JSON object.", at);
  }

  private static List<Part> toolParts(List<ContentPart> content, String at, Map<String, String> callNames,
      String provider) {
    List<Part> parts = new ArrayList<>(content.size());
    List<Part> media = new ArrayList<>(0);
    for (int j = 0; j < content.size(); j++) {
      ContentPart p = content.get(j);
      if (p instanceof ContentPart.ToolResult tr) {
        String name = callNames.get(tr.toolCallId());
        if (name == null) {
          throw GatewayError.invalid("The tool result for '" + tr.toolCallId() + "' answers no tool call earlier in"
              + " the conversation.", at);
        }
        parts.add(Part.response(new FunctionResponse(tr.toolCallId(), name, resultObject(tr))));
        // Images a tool returned follow the responses in the same turn: every Gemini model reads
        // inline media there, whereas media inside functionResponse is Gemini 3 only.
        for (ContentPart c : tr.content()) {
          if (c instanceof ContentPart.Image img) {
            media.add(image(img, at + ".content", provider));
          }
        }
      } else {
        parts.addAll(userParts(List.of(p), at, provider));
      }
    }
    parts.addAll(media);
    return parts;
  }

  /**
   * A tool's text as the object Gemini wants: a JSON object result is passed as is; other text
   * goes under "output", a failure under "error" (the two keys Gemini's reference gives meaning to).
   */
  static JsonNode resultObject(ContentPart.ToolResult tr) {
    String text = tr.text();
    if (tr.isError()) {
      return Json.NODES.objectNode().put("error", text);
    }
    String trimmed = text.strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode n = Json.CAMEL.readTree(trimmed);
        if (n != null && n.isObject()) {
          return n;
        }
      } catch (JsonProcessingException notJson) {
        // plain text that happens to start with a brace
      }
    }
    return Json.NODES.objectNode().put("output", text);
  }

  // ================================================================== tools

  private static List<GeminiWire.Tool> tools(List<ToolDefinition> defs) {
    if (defs.isEmpty()) {
      return null;
    }
    List<GeminiWire.FunctionDeclaration> fns = new ArrayList<>(defs.size());
    for (int i = 0; i < defs.size(); i++) {
      ToolDefinition t = defs.get(i);
      if (!FUNCTION_NAME.matcher(t.name()).matches()) {
        throw GatewayError.unsupported("Gemini function names must start with a letter or an underscore and use only"
            + " a-z, A-Z, 0-9, '_', '.', ':' and '-' (at most 64); got '" + t.name() + "'.", "tools[" + i + "].name");
      }
      fns.add(new GeminiWire.FunctionDeclaration(t.name(), t.description(), null, t.parameters()));
    }
    return List.of(new GeminiWire.Tool(fns));
  }

  private static GeminiWire.ToolConfig toolConfig(ToolChoice tc) {
    if (tc == null) {
      return null;
    }
    GeminiWire.FunctionCallingConfig cfg = switch (tc) {
      case ToolChoice.Auto a -> new GeminiWire.FunctionCallingConfig("AUTO", null);
      case ToolChoice.None n -> new GeminiWire.FunctionCallingConfig("NONE", null);
      case ToolChoice.Required q -> new GeminiWire.FunctionCallingConfig("ANY", null);
      case ToolChoice.Tool t -> new GeminiWire.FunctionCallingConfig("ANY", List.of(t.name()));
    };
    return new GeminiWire.ToolConfig(cfg);
  }

  // ================================================================== generation config

  private static GenerationConfig generationConfig(ChatRequest r, Family family, String model) {
    List<String> stop = null;
    if (!r.stop().isEmpty()) {
      if (r.stop().size() > MAX_STOP_SEQUENCES) {
        throw GatewayError.unsupported("Gemini accepts at most " + MAX_STOP_SEQUENCES + " stop sequences (got "
            + r.stop().size() + ").", "stop");
      }
      stop = r.stop();
    }
    String mime = null;
    JsonNode schema = null;
    if (r.responseFormat() instanceof ResponseFormat.JsonObject) {
      mime = "application/json";
    } else if (r.responseFormat() instanceof ResponseFormat.JsonSchema s) {
      mime = "application/json";
      schema = s.schema();
    }
    Double temperature = range(r.temperature(), 0, 2, false, "temperature");
    Double topP = range(r.topP(), 0, 1, false, "top_p");
    // Gemini's penalties are in [-2, 2): 2.0 itself is rejected upstream.
    Double presence = range(r.presencePenalty(), -2, 2, true, "presence_penalty");
    Double frequency = range(r.frequencyPenalty(), -2, 2, true, "frequency_penalty");
    if (r.topK() != null && r.topK() < 1) {
      throw GatewayError.unsupported("Gemini needs top_k >= 1 (got " + r.topK() + ").", "top_k");
    }
    Integer seed = null;
    if (r.seed() != null) {
      if (r.seed() < Integer.MIN_VALUE || r.seed() > Integer.MAX_VALUE) {
        throw GatewayError.unsupported("Gemini's seed is a 32-bit integer (got " + r.seed() + ").", "seed");
      }
      seed = r.seed().intValue();
    }
    GenerationConfig g = new GenerationConfig(stop, mime, null, schema, null, r.maxTokens(), temperature, topP,
        r.topK(), seed, presence, frequency, mediaResolution(r), thinking(r.reasoningEffort(), family, model));
    return isEmpty(g) ? null : g;
  }

  private static boolean isEmpty(GenerationConfig g) {
    return g.equals(new GenerationConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
        null));
  }

  private static Double range(Double v, double min, double max, boolean maxExclusive, String param) {
    if (v == null) {
      return null;
    }
    if (v.isNaN() || v < min || v > max || (maxExclusive && v == max)) {
      throw GatewayError.unsupported("Gemini accepts " + param + " in [" + fmt(min) + ", " + fmt(max)
          + (maxExclusive ? ")" : "]") + " (got " + v + ").", param);
    }
    return v;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  /**
   * OpenAI's per-image detail hint becomes Gemini's request-wide media resolution. When images
   * disagree the higher one wins: a blurry answer costs more than a few hundred tokens.
   */
  private static String mediaResolution(ChatRequest r) {
    boolean low = false;
    boolean high = false;
    for (Message m : r.messages()) {
      for (ContentPart p : m.content()) {
        List<ContentPart> parts = p instanceof ContentPart.ToolResult tr ? tr.content() : List.of(p);
        for (ContentPart q : parts) {
          if (q instanceof ContentPart.Image img && img.detail() != null) {
            low |= img.detail().equals("low");
            high |= img.detail().equals("high");
          }
        }
      }
    }
    return high ? "MEDIA_RESOLUTION_HIGH" : low ? "MEDIA_RESOLUTION_LOW" : null;
  }

  /**
   * OpenAI's reasoning effort as Gemini thinking, following Google's own OpenAI-compatibility
   * mapping: Gemini 2.5 gets a token budget (low 1K, medium 8K, high 24K, none 0), Gemini 3 a
   * thinking level. Thought summaries are asked for so the reasoning reaches clients that show it.
   */
  static GeminiWire.ThinkingConfig thinking(String effort, Family family, String model) {
    if (effort == null) {
      return null;
    }
    String unsupportedMsg = "Model '" + model + "' (Gemini) cannot honour reasoning_effort '" + effort + "'.";
    return switch (family) {
      case GEMINI_3 -> {
        boolean flash = model.contains("flash");
        String level = switch (effort) {
          case "minimal" -> flash ? "minimal" : "low";
          case "low" -> "low";
          case "medium" -> flash ? "medium" : "high";
          case "high" -> "high";
          default -> throw GatewayError.unsupported(unsupportedMsg + " Gemini 3 models always think.",
              "reasoning_effort");
        };
        yield new GeminiWire.ThinkingConfig(true, null, level);
      }
      case GEMINI_2_5 -> {
        int budget = switch (effort) {
          case "none" -> 0;
          case "minimal", "low" -> 1024;
          case "medium" -> 8192;
          case "high" -> 24576;
          default -> throw GatewayError.unsupported(unsupportedMsg, "reasoning_effort");
        };
        if (budget == 0 && model.contains("pro")) {
          throw GatewayError.unsupported(unsupportedMsg + " Gemini 2.5 Pro cannot turn thinking off.",
              "reasoning_effort");
        }
        yield new GeminiWire.ThinkingConfig(budget > 0 ? Boolean.TRUE : null, budget, null);
      }
      case NO_THINKING -> {
        if (effort.equals("none")) {
          yield null; // nothing to turn off
        }
        throw GatewayError.unsupported(unsupportedMsg + " It does not think.", "reasoning_effort");
      }
    };
  }

  /** What a model name tells about the features that differ between Gemini generations. */
  enum Family {
    /** Gemini 1.x / 2.0, Gemma: no thinking. */
    NO_THINKING,
    /** Gemini 2.5: thinking budgets; JSON output cannot be combined with function calling. */
    GEMINI_2_5,
    /** Gemini 3 and later: thinking levels, validated thought signatures, JSON output with tools. */
    GEMINI_3;

    static Family of(String model) {
      String m = model.toLowerCase(Locale.ROOT);
      if (m.startsWith("models/")) {
        m = m.substring(7);
      }
      if (m.startsWith("gemma") || m.startsWith("gemini-1") || m.startsWith("gemini-2.0")) {
        return NO_THINKING;
      }
      if (m.startsWith("gemini-2")) {
        return GEMINI_2_5;
      }
      // gemini-3*, later generations, and "-latest" aliases that now point at them
      return GEMINI_3;
    }

    boolean validatesSignatures() {
      return this == GEMINI_3;
    }

    boolean jsonWithTools() {
      return this == GEMINI_3;
    }
  }
}
