package dev.fairway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.ContentPart;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.FinishReason;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.Usage;
import dev.fairway.provider.Json;
import dev.fairway.provider.anthropic.AnthropicWire.ContentBlock;
import dev.fairway.provider.anthropic.AnthropicWire.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Pure translation of Messages API answers, both ways, with stop reasons and usage. */
public final class AnthropicResponses {
  private AnthropicResponses() {}

  /**
   * What Anthropic answered, in canonical form. {@code jsonTool} names the forced JSON tool when
   * the request asked for JSON (see {@link AnthropicRequests#JSON_TOOL}); its input becomes the text.
   */
  public static ChatResponse toCanonical(Message w, String jsonTool, String provider, long createdEpochSeconds) {
    if (w.content() == null || !"message".equals(w.type())) {
      throw GatewayError.upstream(ErrorKind.UPSTREAM,
          "provider '" + provider + "' returned something that is not a message")
          .withReason(Reason.UPSTREAM_MALFORMED);
    }
    List<ContentPart> content = new ArrayList<>(w.content().size());
    boolean realToolCall = false;
    for (ContentBlock b : w.content()) {
      if (b == null || b.type() == null) {
        continue;
      }
      switch (b.type()) {
        case "text" -> {
          if (b.text() != null && !b.text().isEmpty()) {
            content.add(new ContentPart.Text(b.text()));
          }
        }
        case "tool_use" -> {
          String input = b.input() == null || b.input().isNull() ? "{}" : b.input().toString();
          if (jsonTool != null && jsonTool.equals(b.name())) {
            content.add(new ContentPart.Text(input));
          } else {
            content.add(new ContentPart.ToolCall(b.id(), b.name(), input));
            realToolCall = true;
          }
        }
        case "thinking" -> content.add(new ContentPart.Reasoning(b.thinking() == null ? "" : b.thinking(), b.signature()));
        case "redacted_thinking" -> content.add(new ContentPart.Reasoning(null, b.data()));
        default -> { } // server-tool blocks: Fairway never enables server tools, so none are expected
      }
    }
    FinishReason fr = finishReason(w.stopReason());
    if (fr == FinishReason.TOOL_CALLS && !realToolCall) {
      fr = FinishReason.STOP; // only the JSON tool was called: that is the final answer
    }
    String stopSequence = "stop_sequence".equals(w.stopReason()) ? w.stopSequence() : null;
    return new ChatResponse(w.id(), w.model(), content, fr, stopSequence, usage(w.usage()), createdEpochSeconds);
  }

  /**
   * A canonical answer as the {@code message} object an Anthropic client expects, naming
   * {@code model}. Fails when a tool call's arguments are not a JSON object (another provider's
   * model can produce those; Anthropic's {@code input} cannot hold them).
   */
  public static Message toClient(ChatResponse r, String model) {
    List<ContentBlock> blocks = new ArrayList<>(r.content().size());
    for (ContentPart p : r.content()) {
      switch (p) {
        case ContentPart.Text t -> {
          if (!t.text().isEmpty()) {
            blocks.add(ContentBlock.text(t.text()));
          }
        }
        case ContentPart.ToolCall c -> blocks.add(ContentBlock.toolUse(c.id(), c.name(), toolInput(c)));
        case ContentPart.Reasoning rs -> blocks.add(rs.text() == null
            ? ContentBlock.redactedThinking(rs.signature() == null ? "" : rs.signature())
            : ContentBlock.thinking(rs.text(), rs.signature() == null ? "" : rs.signature()));
        case ContentPart.Image i -> { } // models do not answer with images in the Messages API
        case ContentPart.ToolResult i -> { }
      }
    }
    return new Message(messageId(r.id()), "message", "assistant", model, blocks,
        stopReason(r.finishReason(), r.stopSequence()), r.stopSequence(), usageWire(r.usage()));
  }

  static JsonNode toolInput(ContentPart.ToolCall c) {
    try {
      JsonNode n = Json.SNAKE.readTree(c.arguments());
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (IOException ignored) {
      // reported below
    }
    throw GatewayError.upstream(ErrorKind.UPSTREAM,
        "The model called tool '" + c.name() + "' with arguments that are not a"
        + " JSON object, which the Messages API cannot represent.").withReason(Reason.UPSTREAM_MALFORMED);
  }

  static String messageId(String id) {
    return id == null || id.isEmpty() ? "msg_fairway" : id;
  }

  public static FinishReason finishReason(String stopReason) {
    if (stopReason == null) {
      return FinishReason.STOP;
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
      case "tool_use" -> FinishReason.TOOL_CALLS;
      case "refusal" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.STOP; // end_turn, stop_sequence, pause_turn
    };
  }

  public static String stopReason(FinishReason f, String stopSequence) {
    return switch (f) {
      case STOP -> stopSequence != null ? "stop_sequence" : "end_turn";
      case LENGTH -> "max_tokens";
      case TOOL_CALLS -> "tool_use";
      case CONTENT_FILTER -> "refusal";
    };
  }

  /**
   * Anthropic's usage in canonical form: its {@code input_tokens} leave out cache reads and
   * writes, which the canonical input count includes (see {@link Usage}). Thinking tokens are part
   * of {@code output_tokens} and not reported apart, so reasoning stays 0.
   */
  public static Usage usage(AnthropicWire.Usage u) {
    if (u == null) {
      return Usage.ZERO;
    }
    long in = nz(u.inputTokens());
    long write = nz(u.cacheCreationInputTokens());
    long read = nz(u.cacheReadInputTokens());
    return new Usage(in + write + read, nz(u.outputTokens()), read, write, 0);
  }

  /** The inverse of {@link #usage(AnthropicWire.Usage)}. */
  public static AnthropicWire.Usage usageWire(Usage u) {
    return new AnthropicWire.Usage(u.uncachedInputTokens(), u.cacheWriteTokens(), u.cachedInputTokens(),
        u.outputTokens());
  }

  private static long nz(Long v) {
    return v == null || v < 0 ? 0 : v;
  }
}
