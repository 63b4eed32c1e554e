package dev.fairway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in every string value of a parsed file, and
 * tells the source which values came from the environment so that no error message shows them.
 */
final class EnvSubstitution {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

  private final Map<String, String> env;
  private final YamlSource src;

  private EnvSubstitution(Map<String, String> env, YamlSource src) {
    this.env = env;
    this.src = src;
  }

  static void apply(YamlSource src, Map<String, String> env) {
    new EnvSubstitution(env, src).substitute(src.root, "");
  }

  private void substitute(JsonNode node, String pointer) {
    if (node instanceof ObjectNode obj) {
      List<Map.Entry<String, JsonNode>> replace = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : obj.properties()) {
        String p = pointer + "/" + YamlSource.escape(e.getKey());
        if (e.getValue().isTextual()) {
          String v = expand(p, e.getValue().asText());
          if (!v.equals(e.getValue().asText())) {
            replace.add(Map.entry(e.getKey(), TextNode.valueOf(v)));
          }
        } else {
          substitute(e.getValue(), p);
        }
      }
      replace.forEach(e -> obj.set(e.getKey(), e.getValue()));
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        String p = pointer + "/" + i;
        if (arr.get(i).isTextual()) {
          arr.set(i, TextNode.valueOf(expand(p, arr.get(i).asText())));
        } else {
          substitute(arr.get(i), p);
        }
      }
    }
  }

  private String expand(String pointer, String value) {
    if (value.indexOf("${") < 0) {
      return value;
    }
    Matcher m = ENV_REF.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      if (v == null || v.isEmpty()) {
        if (m.group(2) == null) {
          throw src.error(pointer, "environment variable " + m.group(1) + " is not set"
              + " (write ${" + m.group(1) + ":-default} to make it optional)");
        }
        v = m.group(3);
      } else {
        src.markFromEnv(pointer, m.group(1), v);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
