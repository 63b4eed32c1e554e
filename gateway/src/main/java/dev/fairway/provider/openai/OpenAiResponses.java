package dev.fairway.provider.openai;

import dev.fairway.api.ChatResponse;
import dev.fairway.api.ContentPart;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.FinishReason;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.Usage;
import dev.fairway.provider.openai.OpenAiWire.ChatCompletion;
import dev.fairway.provider.openai.OpenAiWire.CompletionUsage;
import java.util.ArrayList;
import java.util.List;

/** Pure translation of Chat Completions responses, both ways. */
public final class OpenAiResponses {
  private OpenAiResponses() {}

  /** What an OpenAI-compatible provider answered, in canonical form. */
  public static ChatResponse toCanonical(ChatCompletion w, String provider) {
    if (w.choices() == null || w.choices().isEmpty() || w.choices().get(0).message() == null) {
      throw GatewayError.upstream(ErrorKind.UPSTREAM,
          "provider '" + provider + "' returned a completion without choices")
          .withReason(Reason.UPSTREAM_MALFORMED);
    }
    OpenAiWire.Choice c = w.choices().get(0);
    OpenAiWire.ResponseMessage m = c.message();
    List<ContentPart> content = new ArrayList<>(2);
    if (m.reasoningContent() != null && !m.reasoningContent().isEmpty()) {
      content.add(new ContentPart.Reasoning(m.reasoningContent(), null));
    }
    if (m.content() != null && !m.content().isEmpty()) {
      content.add(new ContentPart.Text(m.content()));
    } else if (m.refusal() != null) {
      content.add(new ContentPart.Text(m.refusal()));
    }
    if (m.toolCalls() != null) {
      for (OpenAiWire.ToolCall tc : m.toolCalls()) {
        if (tc.function() != null) {
          content.add(new ContentPart.ToolCall(tc.id(), tc.function().name(), tc.function().arguments()));
        }
      }
    }
    FinishReason fr = finishReason(c.finishReason());
    if (m.refusal() != null && (m.content() == null || m.content().isEmpty())) {
      fr = FinishReason.CONTENT_FILTER;
    }
    return new ChatResponse(w.id(), w.model(), content, fr, null, usage(w.usage()), w.created());
  }

  /** A canonical answer as OpenAI's {@code chat.completion} object, naming {@code model}. */
  public static ChatCompletion toWire(ChatResponse r, String model, String systemFingerprint) {
    List<OpenAiWire.ToolCall> calls = new ArrayList<>();
    String reasoning = null;
    for (ContentPart p : r.content()) {
      if (p instanceof ContentPart.ToolCall tc) {
        calls.add(new OpenAiWire.ToolCall(null, tc.id(), "function", new OpenAiWire.FunctionCall(tc.name(), tc.arguments())));
      } else if (p instanceof ContentPart.Reasoning rs && rs.text() != null) {
        reasoning = reasoning == null ? rs.text() : reasoning + rs.text();
      }
    }
    String text = r.text();
    OpenAiWire.ResponseMessage msg = new OpenAiWire.ResponseMessage(
        "assistant", text.isEmpty() && !calls.isEmpty() ? null : text, calls, null, reasoning);
    return new ChatCompletion(
        chatId(r.id()), "chat.completion", r.createdEpochSeconds(), model,
        List.of(new OpenAiWire.Choice(0, msg, finishReason(r.finishReason()), null)),
        usageWire(r.usage()), systemFingerprint, null);
  }

  static String chatId(String id) {
    return id == null || id.isEmpty() ? "chatcmpl-fairway" : id;
  }

  public static FinishReason finishReason(String s) {
    if (s == null) {
      return FinishReason.STOP;
    }
    return switch (s) {
      case "length" -> FinishReason.LENGTH;
      case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.STOP;
    };
  }

  public static String finishReason(FinishReason f) {
    return switch (f) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case TOOL_CALLS -> "tool_calls";
      case CONTENT_FILTER -> "content_filter";
    };
  }

  public static Usage usage(CompletionUsage u) {
    if (u == null) {
      return Usage.ZERO;
    }
    long cached = u.promptTokensDetails() == null || u.promptTokensDetails().cachedTokens() == null
        ? 0 : u.promptTokensDetails().cachedTokens();
    long reasoning = u.completionTokensDetails() == null || u.completionTokensDetails().reasoningTokens() == null
        ? 0 : u.completionTokensDetails().reasoningTokens();
    return new Usage(u.promptTokens(), u.completionTokens(), Math.min(cached, u.promptTokens()), 0,
        Math.min(reasoning, u.completionTokens()));
  }

  public static CompletionUsage usageWire(Usage u) {
    return new CompletionUsage(u.inputTokens(), u.outputTokens(), u.totalTokens(),
        new OpenAiWire.PromptTokensDetails(u.cachedInputTokens(), 0L),
        new OpenAiWire.CompletionTokensDetails(u.reasoningTokens(), 0L, 0L, 0L));
  }
}
