package dev.fairway.provider.openai;

import dev.fairway.api.FinishReason;
import dev.fairway.api.StreamEvent;
import dev.fairway.provider.openai.OpenAiWire.ChatCompletionChunk;
import dev.fairway.provider.openai.OpenAiWire.ChunkChoice;
import dev.fairway.provider.openai.OpenAiWire.Delta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat Completions streaming, both ways. Each direction keeps the little state a stream needs
 * (which tool call is which, whether the opening chunk went out); one instance serves one stream.
 */
public final class OpenAiStreams {
  private OpenAiStreams() {}

  /** Provider chunks → canonical events. */
  public static final class Decoder {
    private boolean started;
    private final Map<Integer, Integer> toolIndex = new HashMap<>();
    private boolean finished;

    public List<StreamEvent> decode(ChatCompletionChunk chunk) {
      List<StreamEvent> out = new ArrayList<>(2);
      if (!started) {
        started = true;
        out.add(new StreamEvent.Started(chunk.id(), chunk.model(), chunk.created()));
      }
      if (chunk.choices() != null) {
        for (ChunkChoice c : chunk.choices()) {
          if (c.index() != 0) {
            continue; // n = 1 only
          }
          Delta d = c.delta();
          if (d != null) {
            if (d.reasoningContent() != null && !d.reasoningContent().isEmpty()) {
              out.add(new StreamEvent.ReasoningDelta(d.reasoningContent(), null));
            }
            if (d.content() != null && !d.content().isEmpty()) {
              out.add(new StreamEvent.TextDelta(d.content()));
            }
            if (d.refusal() != null && !d.refusal().isEmpty()) {
              out.add(new StreamEvent.TextDelta(d.refusal()));
            }
            if (d.toolCalls() != null) {
              for (OpenAiWire.ToolCall tc : d.toolCalls()) {
                int upstream = tc.index() == null ? 0 : tc.index();
                Integer ours = toolIndex.get(upstream);
                if (ours == null || tc.id() != null && !tc.id().isEmpty()) {
                  ours = toolIndex.size();
                  toolIndex.put(upstream, ours);
                  String name = tc.function() == null ? "" : tc.function().name();
                  out.add(new StreamEvent.ToolCallStarted(ours, tc.id() == null ? "call_" + ours : tc.id(),
                      name == null ? "" : name));
                }
                String args = tc.function() == null ? null : tc.function().arguments();
                if (args != null && !args.isEmpty()) {
                  out.add(new StreamEvent.ToolCallDelta(ours, args));
                }
              }
            }
          }
          if (c.finishReason() != null && !finished) {
            finished = true;
            out.add(new StreamEvent.Finished(OpenAiResponses.finishReason(c.finishReason()), null));
          }
        }
      }
      if (chunk.usage() != null) {
        out.add(new StreamEvent.UsageReported(OpenAiResponses.usage(chunk.usage())));
      }
      return out;
    }

    public boolean finished() {
      return finished;
    }
  }

  /**
   * Canonical events → the chunks an OpenAI client expects: an opening chunk with the role, one
   * chunk per delta, a chunk with the finish reason, and (when asked for) a final usage chunk with
   * empty choices.
   */
  public static final class Encoder {
    private final String model;
    private final boolean includeUsage;
    private final String systemFingerprint;
    private String id = "chatcmpl-fairway";
    private long created;

    public Encoder(String model, boolean includeUsage, String systemFingerprint) {
      this.model = model;
      this.includeUsage = includeUsage;
      this.systemFingerprint = systemFingerprint;
    }

    /** The chunks for one event; empty when the event has no OpenAI form. */
    public List<ChatCompletionChunk> encode(StreamEvent e) {
      return switch (e) {
        case StreamEvent.Started s -> {
          id = OpenAiResponses.chatId(s.id());
          created = s.createdEpochSeconds();
          yield List.of(chunk(new Delta("assistant", "", null, null, null), null));
        }
        case StreamEvent.TextDelta t -> List.of(chunk(new Delta(null, t.text(), null, null, null), null));
        case StreamEvent.ReasoningDelta r -> r.text() == null || r.text().isEmpty()
            ? List.of()
            : List.of(chunk(new Delta(null, null, null, null, r.text()), null));
        case StreamEvent.ToolCallStarted s -> List.of(chunk(new Delta(null, null, List.of(new OpenAiWire.ToolCall(
            s.index(), s.id(), "function", new OpenAiWire.FunctionCall(s.name(), ""))), null, null), null));
        case StreamEvent.ToolCallDelta d -> List.of(chunk(new Delta(null, null, List.of(new OpenAiWire.ToolCall(
            d.index(), null, null, new OpenAiWire.FunctionCall(null, d.argumentsFragment()))), null, null), null));
        case StreamEvent.Finished f -> List.of(chunk(new Delta(null, null, null, null, null), f.reason()));
        case StreamEvent.UsageReported u -> includeUsage
            ? List.of(new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(),
                OpenAiResponses.usageWire(u.usage()), systemFingerprint, null))
            : List.of();
      };
    }

    private ChatCompletionChunk chunk(Delta delta, FinishReason finish) {
      return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
          List.of(new ChunkChoice(0, delta, finish == null ? null : OpenAiResponses.finishReason(finish), null)),
          null, systemFingerprint, null);
    }
  }
}
