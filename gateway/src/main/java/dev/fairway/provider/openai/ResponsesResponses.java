package dev.fairway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fairway.api.ChatResponse;
import dev.fairway.api.ContentPart;
import dev.fairway.api.FinishReason;
import dev.fairway.api.Usage;
import dev.fairway.provider.openai.ResponsesWire.OutputItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pure translation of canonical answers into Responses API {@code response} objects. */
public final class ResponsesResponses {
  private ResponsesResponses() {}

  /**
   * The request parameters a {@code response} object repeats back, as OpenAI's does; Fairway always
   * answers {@code store: false}.
   */
  public record Echo(String instructions, Integer maxOutputTokens, boolean parallelToolCalls,
      ResponsesWire.ReasoningEcho reasoning, Double temperature, ResponsesWire.TextConfig text, JsonNode toolChoice,
      List<JsonNode> tools, Double topP, String truncation, String user, Map<String, String> metadata,
      String serviceTier) {

    public static Echo of(ResponsesWire.Request w) {
      ResponsesWire.ReasoningEcho r = w.reasoning() == null ? new ResponsesWire.ReasoningEcho(null, null)
          : new ResponsesWire.ReasoningEcho(w.reasoning().effort(), w.reasoning().summary());
      ResponsesWire.TextConfig text = w.text() != null && w.text().format() != null ? w.text()
          : new ResponsesWire.TextConfig(new ResponsesWire.Format("text", null, null, null, null),
              w.text() == null ? null : w.text().verbosity());
      return new Echo(w.instructions(), w.maxOutputTokens(), !Boolean.FALSE.equals(w.parallelToolCalls()), r,
          w.temperature() != null ? w.temperature() : 1.0, text,
          w.toolChoice() == null || w.toolChoice().isNull() ? TextNode.valueOf("auto") : w.toolChoice(),
          w.tools() == null ? List.of() : w.tools(), w.topP() != null ? w.topP() : 1.0,
          w.truncation() == null ? "disabled" : w.truncation(), w.user(),
          w.metadata() == null ? Map.of() : w.metadata(), w.serviceTier() == null ? "default" : w.serviceTier());
    }
  }

  /** Item ids of one response, derived from its id: {@code msg_…}, {@code fc_…}, {@code rs_…}. */
  public record Ids(String response) {
    public static Ids of(String requestId) {
      String base = requestId == null || requestId.isEmpty() ? "fairway" : requestId.replaceAll("[^A-Za-z0-9_]", "");
      return new Ids("resp_" + base);
    }

    String item(String prefix, int outputIndex) {
      return prefix + response.substring("resp_".length()) + "_" + outputIndex;
    }
  }

  /** A finished answer as a {@code response} object named {@code model}. */
  public static ResponsesWire.Response toWire(ChatResponse r, String model, Ids ids, Echo echo) {
    List<OutputItem> output = new ArrayList<>(r.content().size());
    StringBuilder text = null;
    for (ContentPart p : r.content()) {
      if (p instanceof ContentPart.Text t) {
        if (text == null) {
          text = new StringBuilder();
        }
        text.append(t.text());
        continue;
      }
      if (text != null) {
        output.add(message(ids, output.size(), text.toString(), r.finishReason()));
        text = null;
      }
      switch (p) {
        case ContentPart.ToolCall c -> output.add(OutputItem.functionCall(ids.item("fc_", output.size()), "completed",
            c.id(), c.name(), c.arguments()));
        case ContentPart.Reasoning rs -> output.add(OutputItem.reasoning(ids.item("rs_", output.size()),
            rs.text() == null || rs.text().isEmpty() ? List.of() : List.of(ResponsesWire.Summary.text(rs.text())),
            rs.signature() == null || rs.signature().isEmpty() ? null : rs.signature()));
        default -> { } // images and tool results do not appear in answers
      }
    }
    if (text != null) {
      output.add(message(ids, output.size(), text.toString(), r.finishReason()));
    }
    return response(ids, r.createdEpochSeconds(), model, echo, status(r.finishReason()), output, usage(r.usage()),
        null, r.finishReason());
  }

  private static OutputItem message(Ids ids, int index, String text, FinishReason finish) {
    return OutputItem.message(ids.item("msg_", index), finish == FinishReason.LENGTH ? "incomplete" : "completed",
        List.of(ResponsesWire.OutputContent.text(text)));
  }

  /** {@code completed}, or {@code incomplete} when the answer was cut by the token limit or a filter. */
  static String status(FinishReason f) {
    return f == FinishReason.LENGTH || f == FinishReason.CONTENT_FILTER ? "incomplete" : "completed";
  }

  static ResponsesWire.Response response(Ids ids, long created, String model, Echo echo, String status,
      List<OutputItem> output, ResponsesWire.Usage usage, ResponsesWire.ErrorDetail error) {
    return response(ids, created, model, echo, status, output, usage, error, null);
  }

  static ResponsesWire.Response response(Ids ids, long created, String model, Echo echo, String status,
      List<OutputItem> output, ResponsesWire.Usage usage, ResponsesWire.ErrorDetail error, FinishReason finish) {
    ResponsesWire.IncompleteDetails incomplete = null;
    if (status.equals("incomplete")) {
      incomplete = new ResponsesWire.IncompleteDetails(finish == FinishReason.CONTENT_FILTER ? "content_filter"
          : "max_output_tokens");
    }
    return new ResponsesWire.Response(ids.response(), "response", created, status, false, error, incomplete,
        echo.instructions(), echo.maxOutputTokens(), null, model, output, echo.parallelToolCalls(), null,
        echo.reasoning(), echo.serviceTier(), false, echo.temperature(), echo.text(), echo.toolChoice(), echo.tools(),
        0, echo.topP(), echo.truncation(), usage, echo.user(), echo.metadata());
  }

  public static ResponsesWire.Usage usage(Usage u) {
    return new ResponsesWire.Usage(u.inputTokens(), new ResponsesWire.InputTokensDetails(u.cachedInputTokens()),
        u.outputTokens(), new ResponsesWire.OutputTokensDetails(u.reasoningTokens()), u.totalTokens());
  }
}
