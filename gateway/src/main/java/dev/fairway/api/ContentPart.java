package dev.fairway.api;

import java.util.List;
import java.util.Objects;

/** One piece of a message: text, an image, a tool call made by the model, or a tool's result. */
public sealed interface ContentPart {

  record Text(String text) implements ContentPart {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** {@code detail} is OpenAI's low/high/auto hint, or null. */
  record Image(ImageSource source, String detail) implements ContentPart {
    public Image {
      Objects.requireNonNull(source, "source");
    }
  }

  /** A call the model asked for; {@code arguments} is the JSON text of the arguments object. */
  record ToolCall(String id, String name, String arguments) implements ContentPart {
    public ToolCall {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      arguments = arguments == null || arguments.isEmpty() ? "{}" : arguments;
    }
  }

  /** The result of a tool call, answered by the client; content holds text and images. */
  record ToolResult(String toolCallId, List<ContentPart> content, boolean isError) implements ContentPart {
    public ToolResult {
      Objects.requireNonNull(toolCallId, "toolCallId");
      content = List.copyOf(content);
    }

    public String text() {
      return Message.textOf(content);
    }
  }

  /** Model reasoning shown to the client (Anthropic thinking); {@code signature} lets it be sent back. */
  record Reasoning(String text, String signature) implements ContentPart {}

  static Text text(String text) {
    return new Text(text);
  }
}
