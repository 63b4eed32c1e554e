package dev.fairway.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a raw {@code generateContent} body for the Gemini mock, validating it as strictly as
 * Google does: an {@link IllegalArgumentException} carries the message Google's 400 would.
 */
final class GeminiMockPrompt {
  private GeminiMockPrompt() {}

  private static final Set<String> REQUEST_FIELDS = Set.of("contents", "systemInstruction", "tools", "toolConfig",
      "generationConfig", "safetySettings", "cachedContent", "labels");
  private static final Set<String> CONTENT_FIELDS = Set.of("role", "parts");
  private static final Set<String> PART_FIELDS = Set.of("text", "thought", "thoughtSignature", "inlineData",
      "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult", "videoMetadata",
      "mediaResolution");
  private static final Set<String> GENERATION_FIELDS = Set.of("stopSequences", "responseMimeType", "responseSchema",
      "responseJsonSchema", "responseModalities", "candidateCount", "maxOutputTokens", "temperature", "topP", "topK",
      "seed", "presencePenalty", "frequencyPenalty", "responseLogprobs", "logprobs", "enableEnhancedCivicAnswers",
      "speechConfig", "thinkingConfig", "mediaResolution", "imageConfig");
  private static final Set<String> DECLARATION_FIELDS = Set.of("name", "description", "parameters",
      "parametersJsonSchema", "response", "responseJsonSchema", "behavior");
  static final String BLOCK_PROMPT = "[mock:block-prompt]";
  static final String BLOCK_ANSWER = "[mock:block-answer]";

  /** The prompt plus what only Gemini's face needs. */
  record Parsed(MockPrompt prompt, boolean thinking, boolean includeThoughts, String trigger) {}

  static Parsed parse(String model, JsonNode r) {
    known(r, REQUEST_FIELDS, "");
    JsonNode contents = r.path("contents");
    if (!contents.isArray() || contents.isEmpty()) {
      throw new IllegalArgumentException("* GenerateContentRequest.contents: contents is not specified");
    }
    boolean gemini3 = model.startsWith("gemini-3");
    StringBuilder system = new StringBuilder();
    for (JsonNode part : r.path("systemInstruction").path("parts")) {
      system.append(part.path("text").asText(""));
    }
    String lastUser = "";
    List<String> toolResults = new ArrayList<>();
    List<String> images = new ArrayList<>();
    int chars = system.length();
    int pendingCalls = 0; // function calls of the previous model turn still to be answered
    String previousRole = null;
    for (int i = 0; i < contents.size(); i++) {
      JsonNode c = contents.get(i);
      String at = "contents[" + i + "]";
      known(c, CONTENT_FIELDS, at);
      String role = c.path("role").asText("user");
      if (!role.equals("user") && !role.equals("model")) {
        throw new IllegalArgumentException("Please use a valid role: user, model.");
      }
      JsonNode parts = c.path("parts");
      if (!parts.isArray() || parts.isEmpty()) {
        throw new IllegalArgumentException("* GenerateContentRequest." + at + ".parts: contents.parts must not be empty.");
      }
      StringBuilder text = new StringBuilder();
      List<String> responses = new ArrayList<>();
      int calls = 0;
      boolean signed = false;
      for (int j = 0; j < parts.size(); j++) {
        JsonNode part = parts.get(j);
        String pat = at + ".parts[" + j + "]";
        known(part, PART_FIELDS, pat);
        if (part.has("text")) {
          text.append(part.path("text").asText());
        } else if (part.has("inlineData")) {
          images.add(inlineData(part.path("inlineData"), pat));
        } else if (part.has("fileData")) {
          images.add("file");
        } else if (part.has("functionCall")) {
          JsonNode fc = part.path("functionCall");
          requireName(fc, pat + ".function_call");
          if (!role.equals("model")) {
            throw new IllegalArgumentException("Please ensure that function call parts are in a model turn.");
          }
          if (calls == 0) {
            signed = part.hasNonNull("thoughtSignature");
          }
          calls++;
          chars += fc.toString().length();
        } else if (part.has("functionResponse")) {
          JsonNode fr = part.path("functionResponse");
          requireName(fr, pat + ".function_response");
          if (!fr.path("response").isObject()) {
            throw new IllegalArgumentException("* GenerateContentRequest." + pat
                + ".function_response.response: must be a JSON object");
          }
          responses.add(resultText(fr.path("response")));
        } else {
          throw new IllegalArgumentException("* GenerateContentRequest." + pat
              + ".data: required oneof field 'data' must have one initialized field");
        }
      }
      chars += text.length();
      if (calls > 0) {
        if (!"user".equals(previousRole)) { // a function response turn has role user too
          throw new IllegalArgumentException("Please ensure that function call turn comes immediately after a user"
              + " turn or after a function response turn.");
        }
        if (gemini3 && !signed) {
          throw new IllegalArgumentException("Function call is missing a thought_signature in functionCall parts."
              + " This is required for tools to work correctly, and missing thought_signature may lead to degraded"
              + " model performance. Additional data, function call `default_api:"
              + parts.get(0).path("functionCall").path("name").asText() + "` , position " + (i + 1)
              + ". Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.");
        }
      }
      if (!responses.isEmpty() && responses.size() != pendingCalls) {
        throw new IllegalArgumentException("Please ensure that the number of function response parts is equal to the"
            + " number of function call parts of the function call turn.");
      }
      if (role.equals("model")) {
        lastUser = "";
        toolResults.clear();
        pendingCalls = calls;
      } else {
        if (!responses.isEmpty()) {
          toolResults.clear();
          toolResults.addAll(responses);
          lastUser = "";
        }
        if (text.length() > 0) {
          lastUser = text.toString();
          if (responses.isEmpty()) {
            toolResults.clear();
          }
        }
        pendingCalls = 0;
      }
      previousRole = role;
    }

    List<MockPrompt.Tool> tools = new ArrayList<>();
    for (JsonNode t : r.path("tools")) {
      for (JsonNode fn : t.path("functionDeclarations")) {
        known(fn, DECLARATION_FIELDS, "tools.function_declarations");
        requireName(fn, "tools.function_declarations");
        if (fn.has("parameters") && fn.has("parametersJsonSchema")) {
          throw new IllegalArgumentException("* GenerateContentRequest.tools.function_declarations: parameters and"
              + " parameters_json_schema cannot both be set");
        }
        JsonNode schema = fn.has("parametersJsonSchema") ? fn.get("parametersJsonSchema") : lower(fn.get("parameters"));
        tools.add(new MockPrompt.Tool(fn.path("name").asText(), schema));
      }
    }
    String toolChoice = "auto";
    JsonNode fcc = r.path("toolConfig").path("functionCallingConfig");
    switch (fcc.path("mode").asText("AUTO")) {
      case "NONE" -> toolChoice = "none";
      case "ANY" -> toolChoice = fcc.path("allowedFunctionNames").size() == 1
          ? fcc.path("allowedFunctionNames").get(0).asText() : "required";
      default -> { }
    }

    JsonNode g = r.path("generationConfig");
    known(g, GENERATION_FIELDS, "generation_config");
    double temperature = g.path("temperature").asDouble(1);
    if (temperature < 0 || temperature > 2) {
      throw new IllegalArgumentException("* GenerateContentRequest.generation_config.temperature: temperature must be"
          + " in the range [0.0, 2.0]");
    }
    double topP = g.path("topP").asDouble(0.95);
    if (topP < 0 || topP > 1) {
      throw new IllegalArgumentException("* GenerateContentRequest.generation_config.top_p: top_p must be in the range"
          + " [0.0, 1.0]");
    }
    for (String penalty : List.of("presencePenalty", "frequencyPenalty")) {
      double v = g.path(penalty).asDouble(0);
      if (v < -2 || v >= 2) {
        throw new IllegalArgumentException("* GenerateContentRequest.generation_config." + penalty
            + ": must be in the range [-2.0, 2.0)");
      }
    }
    List<String> stop = new ArrayList<>();
    g.path("stopSequences").forEach(s -> stop.add(s.asText()));
    if (stop.size() > 5) {
      throw new IllegalArgumentException("* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop"
          + " sequences are allowed");
    }
    boolean json = g.path("responseMimeType").asText("").equals("application/json");
    if (g.has("responseSchema") && g.has("responseJsonSchema")) {
      throw new IllegalArgumentException("* GenerateContentRequest.generation_config: response_schema and"
          + " response_json_schema cannot both be set");
    }
    if ((g.has("responseSchema") || g.has("responseJsonSchema")) && !json) {
      throw new IllegalArgumentException("* GenerateContentRequest.generation_config.response_mime_type: a response"
          + " schema needs response_mime_type application/json");
    }
    if (json && !tools.isEmpty() && !gemini3) {
      throw new IllegalArgumentException("Function calling with a response mime type: 'application/json' is"
          + " unsupported");
    }
    JsonNode schema = g.has("responseJsonSchema") ? g.get("responseJsonSchema") : lower(g.get("responseSchema"));
    Integer max = g.has("maxOutputTokens") ? g.get("maxOutputTokens").asInt() : null;
    JsonNode thinkingConfig = g.path("thinkingConfig");
    boolean thinkingModel = model.startsWith("gemini-2.5") || gemini3;
    boolean thinking = thinkingModel && thinkingConfig.path("thinkingBudget").asInt(-1) != 0;
    String trigger = lastUser.contains(BLOCK_PROMPT) ? BLOCK_PROMPT : lastUser.contains(BLOCK_ANSWER) ? BLOCK_ANSWER
        : null;
    MockPrompt prompt = new MockPrompt(model, lastUser, chars, toolResults, images, tools, toolChoice, json, schema,
        stop, max, system.toString());
    return new Parsed(prompt, thinking, thinking && thinkingConfig.path("includeThoughts").asBoolean(false), trigger);
  }

  private static void known(JsonNode node, Set<String> fields, String at) {
    if (!node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw new IllegalArgumentException("Invalid JSON payload received. Unknown name \"" + f + "\""
            + (at.isEmpty() ? "" : " at '" + at + "'") + ": Cannot find field.");
      }
    }
  }

  private static void requireName(JsonNode n, String at) {
    if (n.path("name").asText("").isEmpty()) {
      throw new IllegalArgumentException("* GenerateContentRequest." + at + ".name: Name cannot be empty.");
    }
  }

  private static String inlineData(JsonNode blob, String at) {
    String mime = blob.path("mimeType").asText("");
    String data = blob.path("data").asText("");
    if (mime.isEmpty()) {
      throw new IllegalArgumentException("* GenerateContentRequest." + at + ".inline_data.mime_type: mime_type is"
          + " required");
    }
    try {
      Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value at '" + at + ".inline_data.data' (TYPE_BYTES), Base64"
          + " decoding failed");
    }
    return mime;
  }

  private static String resultText(JsonNode response) {
    if (response.path("output").isTextual()) {
      return response.path("output").asText();
    }
    if (response.path("error").isTextual()) {
      return "error: " + response.path("error").asText();
    }
    return response.toString();
  }

  /** Google's OpenAPI schemas spell types in capitals ("OBJECT"); the brain reads JSON Schema. */
  private static JsonNode lower(JsonNode schema) {
    if (schema == null || !schema.isContainerNode()) {
      return schema;
    }
    JsonNode copy = schema.deepCopy();
    lowerInPlace(copy);
    return copy;
  }

  private static void lowerInPlace(JsonNode n) {
    if (n instanceof ObjectNode o) {
      if (o.path("type").isTextual()) {
        o.put("type", o.path("type").asText().toLowerCase(Locale.ROOT));
      }
      o.forEach(GeminiMockPrompt::lowerInPlace);
    } else if (n instanceof ArrayNode a) {
      a.forEach(GeminiMockPrompt::lowerInPlace);
    }
  }
}
