package dev.fairway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Locale;

/**
 * Binds a YAML tree to the {@link RawConfig} records, strictly (no unknown fields, no coerced
 * scalars), turning Jackson's complaints into one located line that never echoes a value taken
 * from the environment.
 */
final class Binder {
  private Binder() {}

  private static final ObjectMapper BINDER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  /** Binds {@code node} (found at {@code pointerPrefix} in {@code src}; null src: the built-in catalog). */
  static <T> T bind(YamlSource src, JsonNode node, String pointerPrefix, Class<T> type) {
    try {
      return BINDER.treeToValue(node, type);
    } catch (UnrecognizedPropertyException e) {
      String pointer = pointerPrefix + pointerOf(e);
      String known = e.getKnownPropertyIds() == null ? "" : " (expected one of " + e.getKnownPropertyIds() + ")";
      throw src == null
          ? new IllegalStateException("built-in catalog: unknown field " + e.getPropertyName())
          : src.error(pointer, "unknown field '" + e.getPropertyName() + "'" + known);
    } catch (JsonMappingException e) {
      String pointer = pointerPrefix + pointerOf(e);
      String msg = e.getOriginalMessage();
      String problem = (msg.contains("Cannot deserialize value of type") || msg.contains("Cannot coerce"))
          ? "expected " + describe(msg) + ", got " + valueAt(src, node, pointerPrefix, pointerOf(e))
          : firstLine(msg);
      throw src == null ? new IllegalStateException("built-in catalog: " + problem) : src.error(pointer, problem);
    } catch (JsonProcessingException e) {
      throw src == null ? new IllegalStateException(e) : src.error(pointerPrefix, firstLine(e.getOriginalMessage()));
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String pointerOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      sb.append('/');
      sb.append(r.getFieldName() != null ? YamlSource.escape(r.getFieldName()) : String.valueOf(r.getIndex()));
    }
    return sb.toString();
  }

  private static String describe(String jacksonMessage) {
    String m = jacksonMessage.toLowerCase(Locale.ROOT);
    if (m.contains("java.util.list") || m.contains("arraylist")) return "a list";
    if (m.contains("java.util.map") || m.contains("linkedhashmap") || m.contains("rawconfig")) return "a mapping";
    if (m.contains("bigdecimal") || m.contains("double")) return "a number";
    if (m.contains("integer") || m.contains("long") || m.contains("`int`")) return "a whole number";
    if (m.contains("boolean")) return "true or false";
    if (m.contains("string")) return "a string";
    return "another type";
  }

  private static String valueAt(YamlSource src, JsonNode root, String prefix, String pointer) {
    JsonNode n = root.at(pointer);
    if (n.isMissingNode()) return "nothing";
    if (n.isTextual()) return src == null ? "'" + n.asText() + "'" : src.show(prefix + pointer, n.asText());
    if (n.isArray()) return "a list";
    if (n.isObject()) return "a mapping";
    return n.toString();
  }
}
