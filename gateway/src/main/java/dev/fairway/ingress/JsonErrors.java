package dev.fairway.ingress;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import java.util.List;
import java.util.Map;

/**
 * Turns Jackson's complaints about a client's body into the plain-language, parameter-naming
 * errors an API user expects ("Invalid type for 'temperature': expected a number, but got a
 * string instead."), without leaking Java type names.
 */
public final class JsonErrors {
  private JsonErrors() {}

  /** Like {@link #describe(JsonProcessingException)}, reading the offending value's JSON type from {@code body}. */
  public static GatewayError describe(JsonProcessingException e, byte[] body) {
    if (e instanceof MismatchedInputException m && !(e instanceof UnrecognizedPropertyException) && !m.getPath().isEmpty()) {
      String param = path(m.getPath());
      String got = null;
      try {
        got = typeOf(TREE.readTree(body).at(pointer(m.getPath())));
      } catch (java.io.IOException | RuntimeException ignored) {
        // fall back to what the parser says
      }
      if (got != null) {
        return GatewayError.invalid("Invalid type for '" + param + "': expected " + expected(m.getTargetType())
            + ", but got " + got + " instead.", param, Reason.INVALID_TYPE);
      }
    }
    return describe(e);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper TREE = new com.fasterxml.jackson.databind.ObjectMapper();

  private static String pointer(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      sb.append('/').append(r.getFieldName() != null
          ? r.getFieldName().replace("~", "~0").replace("/", "~1") : String.valueOf(r.getIndex()));
    }
    return sb.toString();
  }

  private static String typeOf(com.fasterxml.jackson.databind.JsonNode n) {
    if (n == null || n.isMissingNode()) return null;
    if (n.isTextual()) return "a string";
    if (n.isIntegralNumber()) return "an integer";
    if (n.isNumber()) return "a decimal";
    if (n.isBoolean()) return "a boolean";
    if (n.isNull()) return "null";
    if (n.isArray()) return "an array";
    return "an object";
  }

  public static GatewayError describe(JsonProcessingException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof com.fasterxml.jackson.core.exc.StreamReadException s) {
        return GatewayError.invalid("We could not parse the JSON body of your request. The body must be a valid JSON"
            + " object (" + location(s) + ").", null, Reason.INVALID_JSON);
      }
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String param = path(u.getPath());
      if (u.getPath().size() <= 1) {
        return GatewayError.invalid("Unrecognized request argument supplied: " + u.getPropertyName(), param,
            Reason.UNKNOWN_PARAMETER);
      }
      String parent = path(u.getPath().subList(0, u.getPath().size() - 1));
      return GatewayError.invalid("Unrecognized field '" + u.getPropertyName() + "' in '" + parent + "'.",
          param, Reason.UNKNOWN_PARAMETER);
    }
    if (e instanceof MismatchedInputException m) {
      String param = path(m.getPath());
      if (param.isEmpty()) {
        return GatewayError.invalid("The request body must be a JSON object.", null, Reason.INVALID_JSON);
      }
      String expected = expected(m.getTargetType());
      String got = got(m);
      return GatewayError.invalid("Invalid type for '" + param + "': expected " + expected
          + (got == null ? "." : ", but got " + got + " instead."), param, Reason.INVALID_TYPE);
    }
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      String param = path(m.getPath());
      return GatewayError.invalid("Invalid value for '" + param + "'.", param, Reason.INVALID_VALUE);
    }
    return GatewayError.invalid("We could not parse the JSON body of your request. The body must be a valid JSON"
        + " object (" + location(e) + ").", null, Reason.INVALID_JSON);
  }

  private static String location(JsonProcessingException e) {
    if (e.getLocation() == null) {
      return "unexpected end of input";
    }
    return "error at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static final Map<Class<?>, String> TYPES = Map.ofEntries(
      Map.entry(String.class, "a string"),
      Map.entry(Double.class, "a number"), Map.entry(double.class, "a number"),
      Map.entry(Float.class, "a number"), Map.entry(java.math.BigDecimal.class, "a number"),
      Map.entry(Integer.class, "an integer"), Map.entry(int.class, "an integer"),
      Map.entry(Long.class, "an integer"), Map.entry(long.class, "an integer"),
      Map.entry(Boolean.class, "a boolean"), Map.entry(boolean.class, "a boolean"));

  private static String expected(Class<?> t) {
    if (t == null) {
      return "another type";
    }
    String s = TYPES.get(t);
    if (s != null) {
      return s;
    }
    if (List.class.isAssignableFrom(t) || t.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static String got(MismatchedInputException m) {
    if (!(m.getProcessor() instanceof JsonParser p)) {
      return null;
    }
    JsonToken t = p.currentToken();
    if (t == null) {
      return null;
    }
    return switch (t) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT, FIELD_NAME, END_OBJECT -> "an object";
      case START_ARRAY, END_ARRAY -> "an array";
      default -> null;
    };
  }
}
