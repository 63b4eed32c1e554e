package dev.fairway.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a mock needs from any protocol's request to produce an answer. Each protocol front parses
 * its own wire format into this, independently of the gateway's translators.
 *
 * @param lastUserText text of the last user turn (empty when the conversation ends in a tool result)
 * @param toolResults text of the tool results in the last turn, in order
 * @param images media types of the images in the conversation ("url" for URL images)
 * @param toolChoice "auto", "none", "required", or a tool name that must be called
 * @param jsonSchema the schema the answer must follow, or null
 */
public record MockPrompt(
    String model,
    String lastUserText,
    int promptChars,
    List<String> toolResults,
    List<String> images,
    List<Tool> tools,
    String toolChoice,
    boolean json,
    JsonNode jsonSchema,
    List<String> stop,
    Integer maxTokens,
    String systemText) {

  public record Tool(String name, JsonNode schema) {}
}
