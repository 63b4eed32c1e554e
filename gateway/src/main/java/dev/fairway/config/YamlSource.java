package dev.fairway.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed YAML document that remembers the line of every node, so validation done after parsing
 * can still say where a mistake is.
 */
final class YamlSource {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final ObjectMapper TREE = new ObjectMapper(YAML);

  final String name;
  final JsonNode root;
  private final Map<String, Integer> lines;

  private YamlSource(String name, JsonNode root, Map<String, Integer> lines) {
    this.name = name;
    this.root = root;
    this.lines = lines;
  }

  static YamlSource parse(String name, String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          continue;
        }
        String pointer = p.getParsingContext().pathAsPointer().toString();
        lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
      }
      JsonNode root = TREE.readTree(text);
      return new YamlSource(name, root == null ? TREE.createObjectNode() : root, lines);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ConfigException(name, line, null, "not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException(name, 0, null, "cannot read: " + e.getMessage());
    }
  }

  /** The line of the node at this JSON pointer, or of its nearest ancestor; 0 if unknown. */
  int lineOf(String pointer) {
    JsonPointer p = JsonPointer.compile(pointer.isEmpty() || pointer.startsWith("/") ? pointer : "/" + pointer);
    while (p != null) {
      Integer l = lines.get(p.toString());
      if (l != null) {
        return l;
      }
      p = p.head();
    }
    return 0;
  }

  ConfigException error(String pointer, String problem) {
    return new ConfigException(name, lineOf(pointer), fieldName(pointer), problem);
  }

  /** {@code /models/1/prices/input} → {@code models[1].prices.input}. */
  static String fieldName(String pointer) {
    StringBuilder sb = new StringBuilder();
    for (String seg : pointer.split("/")) {
      if (seg.isEmpty()) {
        continue;
      }
      String s = seg.replace("~1", "/").replace("~0", "~");
      if (s.chars().allMatch(Character::isDigit)) {
        sb.append('[').append(s).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(s);
      }
    }
    return sb.toString();
  }
}
