package dev.fairway.provider.bedrock;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.fairway.api.ErrorKind;
import dev.fairway.api.FinishReason;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.StreamEvent;
import dev.fairway.provider.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * ConverseStream events (the JSON payload of each event-stream frame, named by its
 * {@code :event-type} header) → canonical events. One instance serves one stream and keeps what the
 * stream needs: which content block is which tool call, and whether the JSON-mode tool is answering.
 */
public final class BedrockStreams {
  private BedrockStreams() {}

  private static final ObjectReader START = Json.CAMEL.readerFor(BedrockWire.ContentBlockStartEvent.class);
  private static final ObjectReader DELTA = Json.CAMEL.readerFor(BedrockWire.ContentBlockDeltaEvent.class);
  private static final ObjectReader STOP = Json.CAMEL.readerFor(BedrockWire.MessageStopEvent.class);
  private static final ObjectReader METADATA = Json.CAMEL.readerFor(BedrockWire.ConverseStreamMetadataEvent.class);

  /** Decodes the events of one ConverseStream. */
  public static final class Decoder {
    private final String id;
    private final String model;
    private final long created;
    private final String jsonTool;
    private final List<String> stopSequences;
    private final String provider;
    private final Map<Integer, Integer> toolIndex = new HashMap<>();
    private final Set<Integer> jsonBlocks = new HashSet<>();
    private boolean started;
    private boolean finished;
    private boolean sawMetadata;

    /**
     * @param id the stream's id (Bedrock's request id); {@code model} the model id called
     * @param call what the request translator prepared (JSON-mode tool, stop sequences)
     */
    public Decoder(String id, String model, long createdEpochSeconds, BedrockRequests.Prepared call, String provider) {
      this.id = id;
      this.model = model;
      this.created = createdEpochSeconds;
      this.jsonTool = call.jsonTool();
      this.stopSequences = call.stopSequences();
      this.provider = provider;
    }

    /** Decodes one event; unknown event types are skipped (AWS adds members to unions over time). */
    public void decode(String eventType, byte[] payload, Consumer<StreamEvent> out) {
      try {
        switch (eventType) {
          case "messageStart" -> start(out);
          case "contentBlockStart" -> contentBlockStart(START.readValue(payload), out);
          case "contentBlockDelta" -> contentBlockDelta(DELTA.readValue(payload), out);
          case "contentBlockStop" -> { }
          case "messageStop" -> messageStop(STOP.readValue(payload), out);
          case "metadata" -> metadata(METADATA.readValue(payload), out);
          default -> { }
        }
      } catch (IOException e) {
        throw malformed("a malformed " + eventType + " event");
      }
    }

    private void start(Consumer<StreamEvent> out) {
      if (!started) {
        started = true;
        out.accept(new StreamEvent.Started(id, model, created));
      }
    }

    private void contentBlockStart(BedrockWire.ContentBlockStartEvent e, Consumer<StreamEvent> out) {
      start(out);
      if (e.start() == null || e.start().toolUse() == null) {
        return;
      }
      BedrockWire.ToolUseBlockStart t = e.start().toolUse();
      int block = e.contentBlockIndex() == null ? 0 : e.contentBlockIndex();
      if (jsonTool != null && jsonTool.equals(t.name())) {
        jsonBlocks.add(block);
        return;
      }
      int ours = toolIndex.size();
      toolIndex.put(block, ours);
      out.accept(new StreamEvent.ToolCallStarted(ours, t.toolUseId(), t.name()));
    }

    private void contentBlockDelta(BedrockWire.ContentBlockDeltaEvent e, Consumer<StreamEvent> out) {
      start(out);
      BedrockWire.ContentBlockDelta d = e.delta();
      if (d == null) {
        return;
      }
      int block = e.contentBlockIndex() == null ? 0 : e.contentBlockIndex();
      if (d.text() != null) {
        if (!d.text().isEmpty()) {
          out.accept(new StreamEvent.TextDelta(d.text()));
        }
      } else if (d.toolUse() != null) {
        String fragment = d.toolUse().input() == null ? "" : d.toolUse().input();
        if (jsonBlocks.contains(block)) {
          if (!fragment.isEmpty()) {
            out.accept(new StreamEvent.TextDelta(fragment));
          }
          return;
        }
        Integer ours = toolIndex.get(block);
        if (ours == null) {
          throw malformed("tool input for content block " + block + ", which started no tool call");
        }
        if (!fragment.isEmpty()) {
          out.accept(new StreamEvent.ToolCallDelta(ours, fragment));
        }
      } else if (d.reasoningContent() != null) {
        BedrockWire.ReasoningContentBlockDelta r = d.reasoningContent();
        if (r.text() != null && !r.text().isEmpty()) {
          out.accept(new StreamEvent.ReasoningDelta(r.text(), null));
        } else if (r.signature() != null) {
          out.accept(new StreamEvent.ReasoningDelta("", r.signature()));
        }
      }
    }

    private void messageStop(BedrockWire.MessageStopEvent e, Consumer<StreamEvent> out) {
      start(out);
      if (finished) {
        return;
      }
      finished = true;
      String reason = e.stopReason() == null ? "end_turn" : e.stopReason();
      FinishReason fr = BedrockResponses.finishReason(reason, provider);
      if (fr == FinishReason.TOOL_CALLS && toolIndex.isEmpty() && !jsonBlocks.isEmpty()) {
        fr = FinishReason.STOP;
      }
      String stop = "stop_sequence".equals(reason)
          ? BedrockResponses.stopSequence(e.additionalModelResponseFields(), stopSequences) : null;
      out.accept(new StreamEvent.Finished(fr, stop));
    }

    private void metadata(BedrockWire.ConverseStreamMetadataEvent e, Consumer<StreamEvent> out) {
      sawMetadata = true;
      if (e.usage() != null) {
        out.accept(new StreamEvent.UsageReported(BedrockResponses.usage(e.usage())));
      }
    }

    /** True once the stream said why the model stopped (its answer is complete). */
    public boolean finished() {
      return finished;
    }

    /** True once the closing metadata event (usage, metrics, trace) arrived. */
    public boolean complete() {
      return finished && sawMetadata;
    }

    private GatewayError malformed(String what) {
      return GatewayError.upstream(ErrorKind.UPSTREAM, "provider '" + provider + "' sent " + what)
          .withReason(Reason.UPSTREAM_MALFORMED);
    }
  }
}
