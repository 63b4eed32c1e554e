package dev.fairway.provider;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON mappers of the wire protocols. They are lenient about unknown fields (providers add
 * fields all the time); ingress readers switch strictness on per request type. Scalars are never
 * coerced ({@code "0.5"} is not a number), matching how the providers themselves validate.
 */
public final class Json {
  private Json() {}

  /** OpenAI and Anthropic: snake_case field names. */
  public static final ObjectMapper SNAKE = base().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  /**
   * What client requests are read with at the ingress: like {@link #SNAKE}, and a scalar is never
   * turned into another kind of scalar ({@code "user": 123} is not the string "123", {@code
   * "name": true} not "true", {@code "temperature": "\u0000"} not absent), so every such mistake is
   * a type error naming the field, as for every other field. Providers' answers keep the lenient
   * {@link #SNAKE}: a gateway must not fail on an upstream's quirk it can read.
   */
  public static final ObjectMapper STRICT_SNAKE = strict(base().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
      .build();

  /** Bedrock and Gemini: camelCase field names (Java's own). */
  public static final ObjectMapper CAMEL = base().build();

  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static JsonMapper.Builder strict(JsonMapper.Builder b) {
    for (CoercionInputShape from : new CoercionInputShape[] {
        CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
      b.withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(from, CoercionAction.Fail));
    }
    for (LogicalType to : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      b.withCoercionConfig(to, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail).setAcceptBlankAsEmpty(false));
    }
    return b;
  }

  private static JsonMapper.Builder base() {
    JsonMapper.Builder b = JsonMapper.builder();
    // Blackbird replaces reflective record construction and accessors with generated lambdas.
    // -Dfairway.json.blackbird=false turns it off (diagnostics, or a JVM that forbids it).
    if (!"false".equals(System.getProperty("fairway.json.blackbird"))) {
      b.addModule(new com.fasterxml.jackson.module.blackbird.BlackbirdModule());
    }
    return b
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }
}
