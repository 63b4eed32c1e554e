package dev.fairway.neutrality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * The audit's results as JSON (snake_case fields, indented, nulls kept so a missing figure reads
 * as such): what {@code fairway audit counterfactual --json} and {@code report --json} write.
 */
public final class AuditJson {
  private AuditJson() {}

  static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  public static String text(Counterfactual.Result r) {
    return write(r);
  }

  public static String text(AuditReport.Result r) {
    return write(r);
  }

  private static String write(Object o) {
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
