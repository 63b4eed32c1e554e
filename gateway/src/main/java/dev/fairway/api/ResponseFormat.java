package dev.fairway.api;

import com.fasterxml.jackson.databind.JsonNode;

/** The shape the answer must take: free text, any JSON object, or JSON matching a schema. */
public sealed interface ResponseFormat {
  record Text() implements ResponseFormat {}

  record JsonObject() implements ResponseFormat {}

  record JsonSchema(String name, String description, JsonNode schema, boolean strict) implements ResponseFormat {}

  ResponseFormat TEXT = new Text();
  ResponseFormat JSON_OBJECT = new JsonObject();
}
