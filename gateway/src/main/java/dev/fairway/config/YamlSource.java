package dev.fairway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed YAML document that remembers the line of every node, so validation done after parsing
 * can still say where a mistake is, and which values came from the environment, so no message
 * ever echoes one. Every problem with the text itself (not UTF-8, not YAML, a key given twice,
 * nesting deeper than 1000) is one line naming the file and line.
 */
final class YamlSource {
  private static final YAMLFactory YAML = YAMLFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper TREE = new ObjectMapper(YAML);
  /** Substituted values shorter than this are not searched for in messages (they would match digits of lines). */
  private static final int MIN_REDACTED_LENGTH = 3;

  final String name;
  final JsonNode root;
  private final Map<String, Integer> lines;
  // JSON pointer of a value built from ${VAR} -> the variable's name, and the values themselves.
  private final Map<String, String> fromEnv = new HashMap<>();
  private final Map<String, String> envValues = new LinkedHashMap<>();

  private YamlSource(String name, JsonNode root, Map<String, Integer> lines) {
    this.name = name;
    this.root = root;
    this.lines = lines;
  }

  /** Decodes a file's bytes as strict UTF-8, then parses them; a bad byte is reported with its line. */
  static YamlSource parse(String name, byte[] bytes) {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return parse(name, utf8.decode(in).toString());
    } catch (CharacterCodingException e) {
      int line = 1;
      for (int i = 0; i < in.position() && i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new ConfigException(name, line, null, "not valid UTF-8 (byte " + in.position() + " of the file)");
    }
  }

  static YamlSource parse(String name, String text) {
    Map<String, Integer> lines = new HashMap<>();
    int lastLine = 0;
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        lastLine = p.currentTokenLocation().getLineNr();
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          continue;
        }
        String pointer = p.getParsingContext().pathAsPointer().toString();
        lines.putIfAbsent(pointer, lastLine);
      }
      JsonNode root = TREE.readTree(text);
      boolean empty = root == null || root.isMissingNode() || root.isNull();
      return new YamlSource(name, empty ? TREE.createObjectNode() : root, lines);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1
          : e.getContextMark() != null ? e.getContextMark().getLine() + 1 : lastLine;
      String problem = e.getProblem() == null ? firstLine(e.getOriginalMessage()) : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      throw new ConfigException(name, line, null, "not valid YAML: " + oneLine(problem) + oneLine(context));
    } catch (StreamConstraintsException e) {
      throw new ConfigException(name, lastLine, null, "nested deeper than 1000 levels");
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null || e.getLocation().getLineNr() <= 0 ? lastLine : e.getLocation().getLineNr();
      String msg = firstLine(e.getOriginalMessage());
      if (msg.startsWith("Duplicate field")) {
        throw new ConfigException(name, line, null, "key " + msg.substring("Duplicate field ".length())
            + " is given twice in the same mapping");
      }
      throw new ConfigException(name, line, null, "not valid YAML: " + msg);
    } catch (IOException e) {
      throw new ConfigException(name, 0, null, "cannot read: " + e.getMessage());
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  /** Records that the value at {@code pointer} was built from the environment variable {@code variable}. */
  void markFromEnv(String pointer, String variable, String value) {
    fromEnv.putIfAbsent(pointer, variable);
    if (value != null && value.length() >= MIN_REDACTED_LENGTH) {
      envValues.put(value, variable);
    }
  }

  /** The environment variable the value at this pointer came from, or null. */
  String envVariableAt(String pointer) {
    return fromEnv.get(pointer);
  }

  /**
   * How a message may show the value at {@code pointer}: quoted, unless it came from the
   * environment (it may be a secret in the wrong field), then only by the variable's name.
   */
  String show(String pointer, Object value) {
    String var = fromEnv.get(pointer);
    if (var != null) {
      return "the value of ${" + var + "}";
    }
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
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
    return new ConfigException(name, lineOf(pointer), fieldName(pointer), redact(problem));
  }

  /** The message with every value substituted from the environment replaced by its variable's name. */
  String redact(String message) {
    String m = message;
    // Longest first, so a value that contains another is replaced whole.
    java.util.List<Map.Entry<String, String>> byLength = new java.util.ArrayList<>(envValues.entrySet());
    byLength.sort((a, b) -> b.getKey().length() - a.getKey().length());
    for (Map.Entry<String, String> e : byLength) {
      if (m.contains(e.getKey())) {
        m = m.replace(e.getKey(), "${" + e.getValue() + "}");
      }
    }
    return m;
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

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
