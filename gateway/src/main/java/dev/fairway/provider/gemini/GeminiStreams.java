package dev.fairway.provider.gemini;

import dev.fairway.api.ContentPart;
import dev.fairway.api.FinishReason;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.Usage;
import dev.fairway.provider.gemini.GeminiWire.Candidate;
import dev.fairway.provider.gemini.GeminiWire.GenerateContentResponse;
import dev.fairway.provider.gemini.GeminiWire.Part;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini streaming ({@code streamGenerateContent?alt=sse}) into canonical events. Each SSE event
 * is a whole {@code GenerateContentResponse} holding the next slice of the answer; there is no
 * terminator: the stream is complete when a chunk carried a finish reason and the body ended.
 * Function calls arrive whole, so each becomes a ToolCallStarted plus one ToolCallDelta. Usage
 * comes (cumulatively) with the chunks; it is reported once, after Finished.
 */
public final class GeminiStreams {
  private GeminiStreams() {}

  /** Chunks → canonical events; one instance per stream. */
  public static final class Decoder {
    private final String provider;
    private final long createdEpochSeconds;
    private final boolean singleToolCall;
    private boolean started;
    private boolean output;
    private int toolCalls;
    private boolean finished;
    private boolean usageSent;
    private GeminiWire.UsageMetadata lastUsage;

    /**
     * @param createdEpochSeconds the stream's timestamp (Gemini chunks carry none)
     * @param singleToolCall keep only the first tool call ({@code parallel_tool_calls: false})
     */
    public Decoder(String provider, long createdEpochSeconds, boolean singleToolCall) {
      this.provider = provider;
      this.createdEpochSeconds = createdEpochSeconds;
      this.singleToolCall = singleToolCall;
    }

    /** The events of one chunk; throws GatewayError for an error chunk or a blocked prompt/answer. */
    public List<StreamEvent> decode(GenerateContentResponse chunk) {
      if (chunk.error() != null) {
        throw GeminiErrors.fromStream(chunk.error(), provider);
      }
      List<StreamEvent> out = new ArrayList<>(3);
      if (chunk.usageMetadata() != null) {
        lastUsage = chunk.usageMetadata();
      }
      if (finished) {
        sendUsage(out); // a late usage-only chunk
        return out;
      }
      if (!started) {
        GeminiResponses.checkPrompt(chunk, provider);
        started = true;
        out.add(new StreamEvent.Started(chunk.responseId(), chunk.modelVersion(), createdEpochSeconds));
      }
      Candidate c = GeminiResponses.firstCandidate(chunk);
      if (c == null) {
        return out;
      }
      if (c.content() != null && c.content().parts() != null) {
        for (Part p : c.content().parts()) {
          part(p, chunk.responseId(), out);
        }
      }
      if (c.finishReason() != null) {
        FinishReason reason = GeminiResponses.finishReason(c, output, toolCalls > 0, provider);
        finished = true;
        out.add(new StreamEvent.Finished(reason, null));
        sendUsage(out);
      }
      return out;
    }

    private void part(Part p, String responseId, List<StreamEvent> out) {
      if (p.functionCall() != null) {
        if (singleToolCall && toolCalls > 0) {
          return;
        }
        if (p.thoughtSignature() != null) {
          out.add(new StreamEvent.ReasoningDelta(null, p.thoughtSignature()));
        }
        int index = toolCalls++;
        ContentPart.ToolCall tc = GeminiResponses.toolCall(responseId, index, p.functionCall());
        out.add(new StreamEvent.ToolCallStarted(index, tc.id(), tc.name()));
        out.add(new StreamEvent.ToolCallDelta(index, tc.arguments()));
        output = true;
      } else if (Boolean.TRUE.equals(p.thought())) {
        if ((p.text() != null && !p.text().isEmpty()) || p.thoughtSignature() != null) {
          out.add(new StreamEvent.ReasoningDelta(p.text() == null ? "" : p.text(), p.thoughtSignature()));
        }
      } else if (p.text() != null && !p.text().isEmpty()) {
        out.add(new StreamEvent.TextDelta(p.text()));
        output = true;
      }
    }

    private void sendUsage(List<StreamEvent> out) {
      if (!usageSent && lastUsage != null) {
        usageSent = true;
        out.add(new StreamEvent.UsageReported(GeminiResponses.usage(lastUsage)));
      }
    }

    /** True once a chunk carried a finish reason: the body may then end. */
    public boolean finished() {
      return finished;
    }

    /** The usage reported so far (for tests and partial metering). */
    public Usage usageSoFar() {
      return GeminiResponses.usage(lastUsage);
    }
  }
}
