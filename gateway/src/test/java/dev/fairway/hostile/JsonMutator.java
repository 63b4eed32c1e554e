package dev.fairway.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded mutational generator of request bodies: from valid seeds, it changes values to other
 * types, drops and adds fields, nests deeply, and damages the bytes (flips, cuts, splices of JSON
 * tokens). The same seed gives the same sequence, so a failure is reproducible from its seed.
 */
final class JsonMutator {
  // Its own limits are far above the gateway's, so that it can make documents the gateway must refuse.
  private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
      .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(100_000).build())
      .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder().maxNestingDepth(100_000).build())
      .build());
  private static final JsonNodeFactory N = JsonNodeFactory.instance;
  private static final String[] TOKENS = {"null", "true", "false", "-1", "0", "1e309", "-0.0", "9223372036854775808",
      "\"\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "[[[[[[", "}}}", "\"", ",", ":", "\\", "\u00ff", "\uffff",
      "\"role\"", "\"content\"", "\"type\"", "\"tool_use\"", "\"image_url\"", "\"data:image/png;base64,@@\""};
  private static final String[] FIELDS = {"model", "messages", "role", "content", "type", "text", "tools", "name",
      "stream", "max_tokens", "temperature", "tool_choice", "system", "image_url", "source", "input", "id",
      "tool_call_id", "tool_use_id", "stop", "user", "metadata", "unknown_field"};

  private final SplittableRandom random;

  JsonMutator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** One to four mutations of {@code seed}. */
  byte[] mutate(String seed) {
    String text = seed;
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      text = random.nextInt(10) < 6 ? structural(text) : bytes(text);
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private String structural(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (Exception notJsonAnyMore) {
      return bytes(text);
    }
    if (root == null || !root.isContainerNode()) {
      return bytes(text);
    }
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode target = containers.get(random.nextInt(containers.size()));
    if (target instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      String name = names.isEmpty() || random.nextInt(4) == 0 ? FIELDS[random.nextInt(FIELDS.length)]
          : names.get(random.nextInt(names.size()));
      switch (random.nextInt(3)) {
        case 0 -> o.remove(name);
        default -> o.set(name, value(2));
      }
    } else if (target instanceof ArrayNode a) {
      switch (random.nextInt(3)) {
        case 0 -> {
          if (!a.isEmpty()) {
            a.remove(random.nextInt(a.size()));
          }
        }
        case 1 -> a.add(value(2));
        default -> {
          if (!a.isEmpty()) {
            a.set(random.nextInt(a.size()), value(2));
          }
        }
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      n.forEach(c -> collect(c, out));
    }
  }

  /** A random JSON value, sometimes an object or array shaped like a request's parts. */
  private JsonNode value(int depth) {
    int k = random.nextInt(depth > 0 ? 12 : 9);
    return switch (k) {
      case 0 -> N.nullNode();
      case 1 -> N.booleanNode(random.nextBoolean());
      case 2 -> N.numberNode(random.nextInt(-3, 100_000));
      case 3 -> N.numberNode(random.nextDouble() * 4 - 2);
      case 4 -> N.textNode("");
      case 5 -> N.textNode(FIELDS[random.nextInt(FIELDS.length)]);
      case 6 -> N.textNode("x".repeat(random.nextInt(5000)));
      case 7 -> N.textNode("\u0000\ud83d\ude00\u202e");
      case 8 -> N.numberNode(Long.MAX_VALUE);
      case 9 -> {
        ArrayNode a = N.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.add(value(depth - 1));
        }
        yield a;
      }
      case 10 -> {
        ObjectNode o = N.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          o.set(FIELDS[random.nextInt(FIELDS.length)], value(depth - 1));
        }
        yield o;
      }
      default -> {
        // deep nesting, sometimes past the parser's limit
        JsonNode v = N.textNode("deep");
        for (int i = random.nextInt(1, 1200); i > 0; i--) {
          v = N.arrayNode().add(v);
        }
        yield v;
      }
    };
  }

  private String bytes(String text) {
    if (text.isEmpty()) {
      return TOKENS[random.nextInt(TOKENS.length)];
    }
    int at = random.nextInt(text.length());
    return switch (random.nextInt(5)) {
      case 0 -> text.substring(0, at); // truncated
      case 1 -> text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(at);
      case 2 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(8)));
      case 3 -> text.substring(0, at) + (char) random.nextInt(0, 0x80) + text.substring(Math.min(text.length(), at + 1));
      default -> text.substring(0, at) + text.substring(at, Math.min(text.length(), at + 40)) + text.substring(at);
    };
  }
}
