package dev.fairway.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.provider.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic simulated answers, the same whatever protocol asked: the same prompt to the same
 * model always gets the same answer. Every text answer starts with {@code [simulated <model>]}.
 *
 * <p>It calls tools the user names (several at once when several are named), answers tool results,
 * produces JSON (following a schema's required fields), and gets simple arithmetic right with a
 * probability equal to the model's quality, so routing has real quality differences to see.
 */
public final class MockBrain {
  private MockBrain() {}

  private static final Pattern ARITHMETIC = Pattern.compile("(-?\\d{1,9})\\s*([+\\-*x×/])\\s*(-?\\d{1,9})");
  private static final String[] WORDS = {
    "the", "gateway", "routes", "each", "request", "to", "a", "model", "that", "is", "good", "enough", "for", "it",
    "at", "low", "cost", "and", "latency", "while", "keeping", "answers", "consistent", "across", "providers", "so",
    "clients", "see", "one", "api", "with", "clear", "errors", "fast", "streams", "measured", "quality"
  };

  /**
   * The simulated model's count of a prompt's input tokens: what its answers report as input usage,
   * and what a token-counting endpoint answers for the same prompt.
   */
  public static int inputTokens(MockPrompt p) {
    return (p.promptChars() + 3) / 4 + 85 * p.images().size() + 12 * p.tools().size() + 3;
  }

  public static MockAnswer answer(MockPrompt p, double quality) {
    String tag = "[simulated " + p.model() + "] ";
    long h = hash(p.model() + "\u0000" + p.lastUserText() + "\u0000" + String.join("\u0001", p.toolResults()));
    int input = inputTokens(p);

    List<MockAnswer.ToolCall> calls = toolCalls(p, h);
    if (!calls.isEmpty()) {
      int out = 0;
      for (MockAnswer.ToolCall c : calls) {
        out += 6 + (c.arguments().length() + 3) / 4;
      }
      return new MockAnswer(List.of(), calls, "tool_calls", null, input, out);
    }

    String text;
    if (p.json()) {
      text = json(p, h).toString();
    } else if (!p.toolResults().isEmpty()) {
      text = tag + "The tool returned: " + abbreviate(String.join("; ", p.toolResults()), 200);
    } else {
      Matcher m = ARITHMETIC.matcher(p.lastUserText());
      if (m.find()) {
        text = tag + "The answer is " + arithmetic(m, h, quality) + ".";
      } else {
        text = tag + filler(p, h, quality);
      }
      if (!p.images().isEmpty()) {
        text = text + " I see " + p.images().size() + " image(s): " + String.join(", ", p.images()) + ".";
      }
    }
    String finish = "stop";
    String stopHit = null;
    int cut = -1;
    for (String s : p.stop()) {
      int i = s.isEmpty() ? -1 : text.indexOf(s);
      if (i >= 0 && (cut < 0 || i < cut)) {
        cut = i;
        stopHit = s;
      }
    }
    if (cut >= 0) {
      text = text.substring(0, cut);
      finish = "stop_sequence";
    }
    List<String> tokens = tokens(text);
    if (p.maxTokens() != null && tokens.size() > p.maxTokens()) {
      tokens = List.copyOf(tokens.subList(0, p.maxTokens()));
      finish = "length";
      stopHit = null;
    }
    return new MockAnswer(tokens, List.of(), finish, stopHit, input, Math.max(1, tokens.size()));
  }

  private static List<MockAnswer.ToolCall> toolCalls(MockPrompt p, long h) {
    if (p.tools().isEmpty() || "none".equals(p.toolChoice()) || !p.toolResults().isEmpty()) {
      return List.of();
    }
    List<MockPrompt.Tool> chosen = new ArrayList<>();
    String forced = p.toolChoice();
    if (forced != null && !forced.equals("auto") && !forced.equals("required")) {
      p.tools().stream().filter(t -> t.name().equals(forced)).findFirst().ifPresent(chosen::add);
    } else {
      String lower = p.lastUserText().toLowerCase();
      p.tools().stream()
          .filter(t -> lower.contains(t.name().toLowerCase()))
          .sorted((a, b) -> Integer.compare(lower.indexOf(a.name().toLowerCase()), lower.indexOf(b.name().toLowerCase())))
          .forEach(chosen::add);
      if (chosen.isEmpty() && "required".equals(forced)) {
        chosen.add(p.tools().get(0));
      }
    }
    List<MockAnswer.ToolCall> out = new ArrayList<>(chosen.size());
    for (int i = 0; i < chosen.size(); i++) {
      MockPrompt.Tool t = chosen.get(i);
      String id = "call_" + Long.toHexString((h ^ (i * 0x9E3779B97F4A7C15L)) & 0xFFFFFFFFFFFFL);
      out.add(new MockAnswer.ToolCall(id, t.name(), sample(t.schema(), p.lastUserText()).toString()));
    }
    return out;
  }

  /** An instance of a JSON schema: required properties (or all), typed sample values. */
  static JsonNode sample(JsonNode schema, String prompt) {
    if (schema == null || !schema.isObject()) {
      return Json.NODES.objectNode();
    }
    String type = schema.path("type").asText("object");
    if (schema.has("enum") && schema.get("enum").size() > 0) {
      return schema.get("enum").get(0);
    }
    return switch (type) {
      case "string" -> Json.NODES.textNode(capitalisedWord(prompt));
      case "integer" -> Json.NODES.numberNode(42);
      case "number" -> Json.NODES.numberNode(4.2);
      case "boolean" -> Json.NODES.booleanNode(true);
      case "array" -> Json.NODES.arrayNode().add(sample(schema.path("items"), prompt));
      default -> {
        ObjectNode o = Json.NODES.objectNode();
        JsonNode props = schema.path("properties");
        List<String> names = new ArrayList<>();
        if (schema.path("required").isArray() && schema.path("required").size() > 0) {
          schema.path("required").forEach(n -> names.add(n.asText()));
        } else {
          props.fieldNames().forEachRemaining(names::add);
        }
        for (String n : names) {
          o.set(n, sample(props.path(n), prompt));
        }
        yield o;
      }
    };
  }

  private static JsonNode json(MockPrompt p, long h) {
    if (p.jsonSchema() != null) {
      return sample(p.jsonSchema(), p.lastUserText());
    }
    ObjectNode o = Json.NODES.objectNode();
    o.put("answer", filler(p, h, 0.5).trim());
    o.put("simulated", true);
    o.put("model", p.model());
    return o;
  }

  private static String arithmetic(Matcher m, long h, double quality) {
    long a = Long.parseLong(m.group(1));
    long b = Long.parseLong(m.group(3));
    long r = switch (m.group(2)) {
      case "+" -> a + b;
      case "-" -> a - b;
      case "/" -> b == 0 ? 0 : a / b;
      default -> a * b;
    };
    double roll = ((h >>> 11) % 10_000) / 10_000.0;
    return Long.toString(roll < quality ? r : r + 1 + (h & 7));
  }

  private static String filler(MockPrompt p, long h, double quality) {
    int n = 10 + (int) ((h >>> 3) % 14) + (int) Math.round(quality * 16);
    StringBuilder sb = new StringBuilder();
    String topic = abbreviate(p.lastUserText().replace('\n', ' ').trim(), 60);
    if (!topic.isEmpty()) {
      sb.append("About \"").append(topic).append("\": ");
    }
    long x = h;
    for (int i = 0; i < n; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      String w = WORDS[(int) ((x >>> 33) % WORDS.length)];
      sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
      sb.append(i == n - 1 ? "." : " ");
    }
    return sb.toString();
  }

  /** Splits text into word-sized tokens that concatenate back to it exactly. */
  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i - 1) == ' ') {
        if (i > start) {
          out.add(text.substring(start, i));
        }
        start = i;
      }
    }
    return out;
  }

  private static String capitalisedWord(String prompt) {
    String[] words = prompt.split("[^\\p{L}]+");
    for (int i = 1; i < words.length; i++) {
      if (!words[i].isEmpty() && Character.isUpperCase(words[i].charAt(0))) {
        return words[i];
      }
    }
    return "example";
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    return h & Long.MAX_VALUE;
  }
}
