package dev.fairway.provider.openai;

import dev.fairway.api.FinishReason;
import dev.fairway.api.GatewayError;
import dev.fairway.api.StreamEvent;
import dev.fairway.api.Usage;
import dev.fairway.provider.openai.ResponsesWire.OutputItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical stream events → the Responses API's typed events, in the order OpenAI's streaming
 * reference documents: {@code response.created}, {@code response.in_progress}, then for each output
 * item {@code response.output_item.added}, its parts and deltas
 * ({@code response.content_part.added}, {@code response.output_text.delta}...,
 * {@code response.output_text.done}, {@code response.content_part.done}; or
 * {@code response.function_call_arguments.delta}... {@code .done}; or the reasoning summary's),
 * {@code response.output_item.done}; and last {@code response.completed} (or
 * {@code response.incomplete}, {@code response.failed}) with the whole response and its usage.
 * Every event carries the next {@code sequence_number}. One instance serves one stream.
 */
public final class ResponsesStreams {
  private ResponsesStreams() {}

  /** Where the encoder writes: one SSE event (its type and JSON payload) at a time. */
  @FunctionalInterface
  public interface EventOut {
    void event(String type, Object payload);
  }

  public static final class Encoder {
    private enum Open { NONE, MESSAGE, REASONING, CALL }

    private final String model;
    private final ResponsesResponses.Ids ids;
    private final ResponsesResponses.Echo echo;
    private final List<OutputItem> done = new ArrayList<>();
    private final Map<Integer, Integer> outputOfTool = new HashMap<>();
    private final Map<Integer, StringBuilder> argumentsOfTool = new HashMap<>();
    private final Map<Integer, String[]> callOfTool = new HashMap<>(); // {call_id, name}
    private long sequence;
    private long created;
    private boolean started;
    private Open open = Open.NONE;
    private int openIndex = -1;
    private int openTool = -1;
    private final StringBuilder text = new StringBuilder();
    private String signature;
    private FinishReason finish;
    private Usage usage = Usage.ZERO;

    public Encoder(String model, ResponsesResponses.Ids ids, ResponsesResponses.Echo echo) {
      this.model = model;
      this.ids = ids;
      this.echo = echo;
    }

    public void encode(StreamEvent e, EventOut out) {
      switch (e) {
        case StreamEvent.Started s -> {
          created = s.createdEpochSeconds();
          start(out);
        }
        case StreamEvent.TextDelta t -> {
          if (t.text().isEmpty()) {
            return;
          }
          start(out);
          ensureMessage(out);
          text.append(t.text());
          out.event("response.output_text.delta", new ResponsesWire.TextDeltaEvent("response.output_text.delta",
              sequence++, itemId(), openIndex, 0, t.text(), List.of()));
        }
        case StreamEvent.ReasoningDelta r -> reasoning(r, out);
        case StreamEvent.ToolCallStarted s -> {
          start(out);
          close(out);
          openIndex = done.size();
          open = Open.CALL;
          openTool = s.index();
          outputOfTool.put(s.index(), openIndex);
          argumentsOfTool.put(s.index(), new StringBuilder());
          callOfTool.put(s.index(), new String[] {s.id(), s.name()});
          out.event("response.output_item.added", new ResponsesWire.ItemEvent("response.output_item.added",
              sequence++, openIndex, OutputItem.functionCall(ids.item("fc_", openIndex), "in_progress", s.id(),
                  s.name(), "")));
        }
        case StreamEvent.ToolCallDelta d -> {
          Integer index = outputOfTool.get(d.index());
          if (index == null || d.argumentsFragment().isEmpty()) {
            return;
          }
          argumentsOfTool.get(d.index()).append(d.argumentsFragment());
          out.event("response.function_call_arguments.delta", new ResponsesWire.ArgumentsDeltaEvent(
              "response.function_call_arguments.delta", sequence++, ids.item("fc_", index), index,
              d.argumentsFragment()));
        }
        case StreamEvent.Finished f -> {
          close(out);
          finish = f.reason();
        }
        case StreamEvent.UsageReported u -> usage = u.usage();
      }
    }

    /** The end of a stream that completed: {@code response.completed} (or {@code .incomplete}). */
    public void complete(EventOut out) {
      start(out);
      close(out);
      FinishReason f = finish == null ? FinishReason.STOP : finish;
      String status = ResponsesResponses.status(f);
      String type = status.equals("completed") ? "response.completed" : "response.incomplete";
      out.event(type, new ResponsesWire.ResponseEvent(type, sequence++, ResponsesResponses.response(ids, created, model,
          echo, status, List.copyOf(done), ResponsesResponses.usage(usage), null, f)));
    }

    /** The end of a stream that failed: {@code response.failed} with the error, after what was sent. */
    public void error(GatewayError e, EventOut out) {
      start(out);
      close(out);
      String code = OpenAiErrors.toWire(e).error().code();
      ResponsesWire.ErrorDetail err = new ResponsesWire.ErrorDetail(code == null ? "server_error" : code, e.getMessage());
      out.event("response.failed", new ResponsesWire.ResponseEvent("response.failed", sequence++,
          ResponsesResponses.response(ids, created, model, echo, "failed", List.copyOf(done),
              ResponsesResponses.usage(usage), err)));
    }

    private void start(EventOut out) {
      if (started) {
        return;
      }
      started = true;
      if (created == 0) {
        created = System.currentTimeMillis() / 1000;
      }
      ResponsesWire.Response r = ResponsesResponses.response(ids, created, model, echo, "in_progress", List.of(), null,
          null);
      out.event("response.created", new ResponsesWire.ResponseEvent("response.created", sequence++, r));
      out.event("response.in_progress", new ResponsesWire.ResponseEvent("response.in_progress", sequence++, r));
    }

    private void reasoning(StreamEvent.ReasoningDelta r, EventOut out) {
      start(out);
      if (r.text() == null) {
        // Redacted reasoning: nothing readable, only the provider's opaque data, as one whole item.
        if (r.signature() != null) {
          close(out);
          int index = done.size();
          OutputItem item = OutputItem.reasoning(ids.item("rs_", index), List.of(), r.signature());
          out.event("response.output_item.added", new ResponsesWire.ItemEvent("response.output_item.added", sequence++,
              index, item));
          out.event("response.output_item.done", new ResponsesWire.ItemEvent("response.output_item.done", sequence++,
              index, item));
          done.add(item);
        }
        return;
      }
      if (r.text().isEmpty() && (r.signature() == null || r.signature().isEmpty())) {
        return;
      }
      if (open != Open.REASONING) {
        close(out);
        openIndex = done.size();
        open = Open.REASONING;
        out.event("response.output_item.added", new ResponsesWire.ItemEvent("response.output_item.added", sequence++,
            openIndex, OutputItem.reasoning(itemId(), List.of(), null)));
        out.event("response.reasoning_summary_part.added", new ResponsesWire.SummaryPartEvent(
            "response.reasoning_summary_part.added", sequence++, itemId(), openIndex, 0, ResponsesWire.Summary.text("")));
      }
      if (!r.text().isEmpty()) {
        text.append(r.text());
        out.event("response.reasoning_summary_text.delta", new ResponsesWire.SummaryDeltaEvent(
            "response.reasoning_summary_text.delta", sequence++, itemId(), openIndex, 0, r.text()));
      }
      if (r.signature() != null && !r.signature().isEmpty()) {
        signature = signature == null ? r.signature() : signature + r.signature();
      }
    }

    private void ensureMessage(EventOut out) {
      if (open == Open.MESSAGE) {
        return;
      }
      close(out);
      openIndex = done.size();
      open = Open.MESSAGE;
      out.event("response.output_item.added", new ResponsesWire.ItemEvent("response.output_item.added", sequence++,
          openIndex, OutputItem.message(itemId(), "in_progress", List.of())));
      out.event("response.content_part.added", new ResponsesWire.PartEvent("response.content_part.added", sequence++,
          itemId(), openIndex, 0, ResponsesWire.OutputContent.text("")));
    }

    private String itemId() {
      return switch (open) {
        case MESSAGE -> ids.item("msg_", openIndex);
        case REASONING -> ids.item("rs_", openIndex);
        case CALL -> ids.item("fc_", openIndex);
        case NONE -> throw new IllegalStateException("no open item");
      };
    }

    /** Closes the open item with its done events, in the documented order. */
    private void close(EventOut out) {
      switch (open) {
        case NONE -> {
          return;
        }
        case MESSAGE -> {
          String id = itemId();
          String full = text.toString();
          ResponsesWire.OutputContent part = ResponsesWire.OutputContent.text(full);
          out.event("response.output_text.done", new ResponsesWire.TextDoneEvent("response.output_text.done",
              sequence++, id, openIndex, 0, full, List.of()));
          out.event("response.content_part.done", new ResponsesWire.PartEvent("response.content_part.done", sequence++,
              id, openIndex, 0, part));
          finishItem(OutputItem.message(id, "completed", List.of(part)), out);
        }
        case REASONING -> {
          String id = itemId();
          String full = text.toString();
          ResponsesWire.Summary part = ResponsesWire.Summary.text(full);
          out.event("response.reasoning_summary_text.done", new ResponsesWire.SummaryDoneEvent(
              "response.reasoning_summary_text.done", sequence++, id, openIndex, 0, full));
          out.event("response.reasoning_summary_part.done", new ResponsesWire.SummaryPartEvent(
              "response.reasoning_summary_part.done", sequence++, id, openIndex, 0, part));
          finishItem(OutputItem.reasoning(id, full.isEmpty() ? List.of() : List.of(part), signature), out);
          signature = null;
        }
        case CALL -> {
          String id = itemId();
          String args = argumentsOfTool.get(openTool).toString();
          String[] call = callOfTool.get(openTool);
          out.event("response.function_call_arguments.done", new ResponsesWire.ArgumentsDoneEvent(
              "response.function_call_arguments.done", sequence++, id, openIndex, call[1], args));
          finishItem(OutputItem.functionCall(id, "completed", call[0], call[1], args), out);
        }
      }
      text.setLength(0);
      open = Open.NONE;
      openIndex = -1;
      openTool = -1;
    }

    private void finishItem(OutputItem item, EventOut out) {
      out.event("response.output_item.done", new ResponsesWire.ItemEvent("response.output_item.done", sequence++,
          openIndex, item));
      done.add(item);
    }
  }
}
