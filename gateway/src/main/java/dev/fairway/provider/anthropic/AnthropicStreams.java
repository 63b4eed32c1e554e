package dev.fairway.provider.anthropic;

import dev.fairway.api.FinishReason;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.Usage;
import dev.fairway.provider.Json;
import dev.fairway.provider.anthropic.AnthropicWire.ContentBlock;
import dev.fairway.provider.anthropic.AnthropicWire.Delta;
import dev.fairway.provider.anthropic.AnthropicWire.StreamEventIn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages API streaming, both ways. Anthropic streams content blocks one after another, each
 * opened, filled by deltas and closed, with stop reason and usage in {@code message_delta}; the
 * canonical stream is flat. Each direction keeps the bookkeeping between the two; one instance
 * serves one stream.
 */
public final class AnthropicStreams {
  private AnthropicStreams() {}

  /**
   * Provider events → canonical events. Thinking arrives as {@link StreamEvent.ReasoningDelta}:
   * text with a null signature for {@code thinking_delta}, empty text with the signature for
   * {@code signature_delta}, and null text with the opaque data for a {@code redacted_thinking} block.
   */
  public static final class Decoder {
    private final String jsonTool;
    private final long createdEpochSeconds;
    private final Map<Integer, Integer> toolOfBlock = new HashMap<>();
    private final Set<Integer> jsonBlocks = new HashSet<>(2);
    private AnthropicWire.Usage startUsage;
    private boolean started;
    private boolean finished;
    private boolean stopped;

    /**
     * @param jsonTool the forced JSON tool's name when the request asked for JSON, else null:
     *     that tool's input streams out as text
     * @param createdEpochSeconds the creation time to report (Anthropic's events carry none)
     */
    public Decoder(String jsonTool, long createdEpochSeconds) {
      this.jsonTool = jsonTool;
      this.createdEpochSeconds = createdEpochSeconds;
    }

    /** Decodes one event; throws the mapped GatewayError for an {@code error} event. */
    public List<StreamEvent> decode(StreamEventIn e, String provider) {
      if (e.type() == null) {
        return List.of();
      }
      List<StreamEvent> out = new ArrayList<>(2);
      switch (e.type()) {
        case "message_start" -> {
          if (!started && e.message() != null) {
            started = true;
            startUsage = e.message().usage();
            Usage input = startUsage == null || startUsage.inputTokens() == null ? null
                : AnthropicResponses.usage(new AnthropicWire.Usage(startUsage.inputTokens(),
                    startUsage.cacheCreationInputTokens(), startUsage.cacheReadInputTokens(), 0L));
            out.add(new StreamEvent.Started(e.message().id(), e.message().model(), createdEpochSeconds, input));
          }
        }
        case "content_block_start" -> blockStart(e.index(), e.contentBlock(), out);
        case "content_block_delta" -> blockDelta(e.index(), e.delta(), out);
        case "message_delta" -> {
          if (!finished && e.delta() != null) {
            finished = true;
            FinishReason fr = AnthropicResponses.finishReason(e.delta().stopReason());
            if (fr == FinishReason.TOOL_CALLS && toolOfBlock.isEmpty() && !jsonBlocks.isEmpty()) {
              fr = FinishReason.STOP; // only the JSON tool was called: that is the final answer
            }
            out.add(new StreamEvent.Finished(fr,
                "stop_sequence".equals(e.delta().stopReason()) ? e.delta().stopSequence() : null));
            out.add(new StreamEvent.UsageReported(AnthropicResponses.usage(merge(startUsage, e.usage()))));
          }
        }
        case "message_stop" -> stopped = true;
        case "error" -> throw AnthropicErrors.fromStreamError(
            e.error() == null ? null : Json.SNAKE.valueToTree(e.error()), provider);
        default -> { } // ping, content_block_stop, and event types Anthropic may add later
      }
      return out;
    }

    private void blockStart(Integer index, ContentBlock b, List<StreamEvent> out) {
      if (index == null || b == null || b.type() == null) {
        return;
      }
      switch (b.type()) {
        case "text" -> {
          if (b.text() != null && !b.text().isEmpty()) {
            out.add(new StreamEvent.TextDelta(b.text()));
          }
        }
        case "tool_use" -> {
          if (jsonTool != null && jsonTool.equals(b.name())) {
            jsonBlocks.add(index);
          } else {
            int tool = toolOfBlock.size();
            toolOfBlock.put(index, tool);
            out.add(new StreamEvent.ToolCallStarted(tool, b.id(), b.name()));
          }
        }
        case "thinking" -> {
          if (b.thinking() != null && !b.thinking().isEmpty()) {
            out.add(new StreamEvent.ReasoningDelta(b.thinking(), null));
          }
        }
        case "redacted_thinking" -> out.add(new StreamEvent.ReasoningDelta(null, b.data()));
        default -> { } // server-tool blocks: never enabled by Fairway
      }
    }

    private void blockDelta(Integer index, Delta d, List<StreamEvent> out) {
      if (index == null || d == null || d.type() == null) {
        return;
      }
      switch (d.type()) {
        case "text_delta" -> {
          if (d.text() != null && !d.text().isEmpty()) {
            out.add(new StreamEvent.TextDelta(d.text()));
          }
        }
        case "input_json_delta" -> {
          String json = d.partialJson();
          if (json == null || json.isEmpty()) {
            return;
          }
          Integer tool = toolOfBlock.get(index);
          if (tool != null) {
            out.add(new StreamEvent.ToolCallDelta(tool, json));
          } else if (jsonBlocks.contains(index)) {
            out.add(new StreamEvent.TextDelta(json));
          }
        }
        case "thinking_delta" -> {
          if (d.thinking() != null && !d.thinking().isEmpty()) {
            out.add(new StreamEvent.ReasoningDelta(d.thinking(), null));
          }
        }
        case "signature_delta" -> out.add(new StreamEvent.ReasoningDelta("", d.signature()));
        default -> { } // citations_delta and later additions carry nothing canonical
      }
    }

    /** message_delta's usage is cumulative; input counts it lacks come from message_start. */
    private static AnthropicWire.Usage merge(AnthropicWire.Usage start, AnthropicWire.Usage delta) {
      if (delta == null) {
        return start;
      }
      if (start == null) {
        return delta;
      }
      return new AnthropicWire.Usage(
          delta.inputTokens() != null ? delta.inputTokens() : start.inputTokens(),
          delta.cacheCreationInputTokens() != null ? delta.cacheCreationInputTokens() : start.cacheCreationInputTokens(),
          delta.cacheReadInputTokens() != null ? delta.cacheReadInputTokens() : start.cacheReadInputTokens(),
          delta.outputTokens() != null ? delta.outputTokens() : start.outputTokens());
    }

    public boolean finished() {
      return finished;
    }

    /** True once {@code message_stop} arrived: the stream is complete. */
    public boolean stopped() {
      return stopped;
    }
  }

  /** Where an {@link Encoder} writes: one SSE event (its name and JSON payload) at a time. */
  @FunctionalInterface
  public interface EventOut {
    void event(String type, Object payload);
  }

  /**
   * Canonical events → the event sequence an Anthropic client expects: message_start and a ping,
   * each content block opened, filled and closed in turn, then message_delta with the stop reason
   * and usage, then message_stop. The canonical stream reports usage after the finish, so the
   * finish is held until the usage (or the end) arrives.
   */
  public static final class Encoder {
    private enum Open { NONE, TEXT, THINKING, TOOL }

    private static final AnthropicWire.Usage NO_USAGE = new AnthropicWire.Usage(0L, 0L, 0L, 0L);
    private static final AnthropicWire.Bare PING = new AnthropicWire.Bare("ping");
    private static final AnthropicWire.Bare MESSAGE_STOP = new AnthropicWire.Bare("message_stop");

    private final String model;
    private final java.util.function.LongSupplier promptTokens;
    private final Map<Integer, Integer> blockOfTool = new HashMap<>();
    private Open open = Open.NONE;
    private int openIndex = -1;
    private int nextIndex;
    private FinishReason finish;
    private String stopSequence;
    private AnthropicWire.Usage usage;
    private boolean deltaSent;

    /** @param model the model id the client sees (the catalog id that answered) */
    public Encoder(String model) {
      this(model, () -> 0);
    }

    /**
     * @param promptTokens the prompt's input tokens by Fairway's own count, asked for only when the
     *     provider did not report them before the first token (message_start then carries them)
     */
    public Encoder(String model, java.util.function.LongSupplier promptTokens) {
      this.model = model;
      this.promptTokens = promptTokens;
    }

    public void encode(StreamEvent e, EventOut out) {
      switch (e) {
        case StreamEvent.Started s -> {
          // Clients such as LangChain's ChatAnthropic read the input tokens here; message_delta
          // repeats the authoritative counts at the end.
          Usage input = s.inputUsage() != null ? s.inputUsage() : Usage.of(promptTokens.getAsLong(), 0);
          AnthropicWire.Message m = new AnthropicWire.Message(AnthropicResponses.messageId(s.id()), "message",
              "assistant", model, List.of(), null, null, AnthropicResponses.usageWire(input));
          out.event("message_start", new AnthropicWire.MessageStart(m));
          out.event("ping", PING);
        }
        case StreamEvent.TextDelta t -> {
          if (!t.text().isEmpty()) {
            ensureOpen(Open.TEXT, ContentBlock.text(""), out);
            out.event("content_block_delta", new AnthropicWire.ContentBlockDelta(openIndex,
                new Delta("text_delta", t.text(), null, null, null, null, null)));
          }
        }
        case StreamEvent.ReasoningDelta r -> reasoning(r, out);
        case StreamEvent.ToolCallStarted s -> {
          close(out);
          blockOfTool.put(s.index(), nextIndex);
          open(Open.TOOL, ContentBlock.toolUse(s.id(), s.name(), Json.NODES.objectNode()), out);
        }
        case StreamEvent.ToolCallDelta d -> {
          Integer block = blockOfTool.get(d.index());
          // Tool calls arrive one after another from every provider Fairway speaks; a fragment for
          // an earlier call still goes to its own block, which clients index by number.
          if (block != null && !d.argumentsFragment().isEmpty()) {
            out.event("content_block_delta", new AnthropicWire.ContentBlockDelta(block,
                new Delta("input_json_delta", null, d.argumentsFragment(), null, null, null, null)));
          }
        }
        case StreamEvent.Finished f -> {
          close(out);
          finish = f.reason();
          stopSequence = f.stopSequence();
        }
        case StreamEvent.UsageReported u -> {
          usage = AnthropicResponses.usageWire(u.usage());
          if (finish != null) {
            messageDelta(out);
          }
        }
      }
    }

    /** The end of a stream that completed. */
    public void complete(EventOut out) {
      close(out);
      messageDelta(out);
      out.event("message_stop", MESSAGE_STOP);
    }

    private void reasoning(StreamEvent.ReasoningDelta r, EventOut out) {
      if (r.text() == null) {
        if (r.signature() != null) {
          close(out);
          open(Open.NONE, ContentBlock.redactedThinking(r.signature()), out);
          close(out);
        }
        return;
      }
      boolean hasText = !r.text().isEmpty();
      boolean hasSignature = r.signature() != null && !r.signature().isEmpty();
      if (!hasText && !hasSignature) {
        return;
      }
      ensureOpen(Open.THINKING, ContentBlock.thinking("", ""), out);
      if (hasText) {
        out.event("content_block_delta", new AnthropicWire.ContentBlockDelta(openIndex,
            new Delta("thinking_delta", null, null, r.text(), null, null, null)));
      }
      if (hasSignature) {
        out.event("content_block_delta", new AnthropicWire.ContentBlockDelta(openIndex,
            new Delta("signature_delta", null, null, null, r.signature(), null, null)));
      }
    }

    private void ensureOpen(Open kind, ContentBlock start, EventOut out) {
      if (open != kind) {
        close(out);
        open(kind, start, out);
      }
    }

    private void open(Open kind, ContentBlock start, EventOut out) {
      openIndex = nextIndex++;
      open = kind;
      out.event("content_block_start", new AnthropicWire.ContentBlockStart(openIndex, start));
    }

    private void close(EventOut out) {
      if (openIndex >= 0) {
        out.event("content_block_stop", new AnthropicWire.ContentBlockStop(openIndex));
        openIndex = -1;
        open = Open.NONE;
      }
    }

    private void messageDelta(EventOut out) {
      if (deltaSent) {
        return;
      }
      deltaSent = true;
      FinishReason f = finish == null ? FinishReason.STOP : finish;
      out.event("message_delta", new AnthropicWire.MessageDelta(
          new AnthropicWire.MessageDeltaBody(AnthropicResponses.stopReason(f, stopSequence), stopSequence),
          usage == null ? NO_USAGE : usage));
    }
  }
}
