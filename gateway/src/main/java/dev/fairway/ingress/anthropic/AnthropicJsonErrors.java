package dev.fairway.ingress.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import java.util.List;
import java.util.Map;

/**
 * Jackson's complaints about a client's body, worded as Anthropic words validation errors: the
 * dotted field path, a colon, the problem ({@code temperature: Input should be a valid number}).
 */
final class AnthropicJsonErrors {
  private AnthropicJsonErrors() {}

  private static final Map<Class<?>, String> TYPES = Map.of(
      String.class, "a valid string",
      Double.class, "a valid number",
      Integer.class, "a valid integer",
      Long.class, "a valid integer",
      Boolean.class, "a valid boolean");

  static GatewayError describe(JsonProcessingException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof StreamReadException s) {
        String where = s.getLocation() == null ? "unexpected end of input"
            : "line " + s.getLocation().getLineNr() + ", column " + s.getLocation().getColumnNr();
        return GatewayError.invalid("There was an issue with your request body: it is not valid JSON (" + where + ").",
            null, Reason.INVALID_JSON);
      }
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String path = path(u.getPath());
      return GatewayError.invalid(path + ": Extra inputs are not permitted", path, Reason.UNKNOWN_PARAMETER);
    }
    if (e instanceof MismatchedInputException m) {
      String path = path(m.getPath());
      if (path.isEmpty()) {
        return GatewayError.invalid("The request body must be a JSON object.", null, Reason.INVALID_JSON);
      }
      return GatewayError.invalid(path + ": Input should be " + expected(m.getTargetType()), path, Reason.INVALID_TYPE);
    }
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      String path = path(m.getPath());
      return GatewayError.invalid(path + ": Invalid value", path, Reason.INVALID_VALUE);
    }
    return GatewayError.invalid("There was an issue with your request body: it is not valid JSON.", null,
        Reason.INVALID_JSON);
  }

  private static String expected(Class<?> t) {
    if (t == null) {
      return "of another type";
    }
    String s = TYPES.get(t);
    if (s != null) {
      return s;
    }
    if (List.class.isAssignableFrom(t) || t.isArray()) {
      return "a valid list";
    }
    return "a valid dictionary";
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
    }
    return sb.toString();
  }
}
