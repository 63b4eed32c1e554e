package dev.fairway.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A function the model may call. {@code parameters} is a JSON Schema object (treated as read-only);
 * {@code strict} is OpenAI's structured-outputs flag, or null.
 */
public record ToolDefinition(String name, String description, JsonNode parameters, Boolean strict) {
  public ToolDefinition {
    Objects.requireNonNull(name, "name");
  }
}
