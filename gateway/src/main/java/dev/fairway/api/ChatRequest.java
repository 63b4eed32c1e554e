package dev.fairway.api;

import java.util.List;
import java.util.Objects;

/**
 * A chat request in Fairway's canonical form, independent of the client's and the provider's
 * protocol. Optional fields are null when the client did not set them, so each provider keeps its
 * own defaults.
 *
 * @param model requested model id, alias, or router name ({@code auto}, {@code auto:cost}, ...)
 * @param fallbackModels further models to try in order (OpenRouter's {@code models}); may be empty
 * @param includeUsage whether a stream ends with a usage event ({@code stream_options.include_usage})
 * @param nativeRequest what the client sent in its own protocol beyond this record, for a target that speaks
 *     that protocol (see {@link NativeRequest}); null when there is nothing beyond it
 */
public record ChatRequest(
    String model,
    List<String> fallbackModels,
    List<Message> messages,
    List<ToolDefinition> tools,
    ToolChoice toolChoice,
    Boolean parallelToolCalls,
    ResponseFormat responseFormat,
    Integer maxTokens,
    Double temperature,
    Double topP,
    Integer topK,
    List<String> stop,
    Long seed,
    Double presencePenalty,
    Double frequencyPenalty,
    String reasoningEffort,
    String user,
    boolean stream,
    boolean includeUsage,
    NativeRequest nativeRequest) {

  public ChatRequest {
    Objects.requireNonNull(model, "model");
    fallbackModels = fallbackModels == null ? List.of() : List.copyOf(fallbackModels);
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
    stop = stop == null ? List.of() : List.copyOf(stop);
  }

  public static Builder builder(String model) {
    return new Builder(model);
  }

  public Builder toBuilder() {
    Builder b = new Builder(model);
    b.fallbackModels = fallbackModels;
    b.messages = messages;
    b.tools = tools;
    b.toolChoice = toolChoice;
    b.parallelToolCalls = parallelToolCalls;
    b.responseFormat = responseFormat;
    b.maxTokens = maxTokens;
    b.temperature = temperature;
    b.topP = topP;
    b.topK = topK;
    b.stop = stop;
    b.seed = seed;
    b.presencePenalty = presencePenalty;
    b.frequencyPenalty = frequencyPenalty;
    b.reasoningEffort = reasoningEffort;
    b.user = user;
    b.stream = stream;
    b.includeUsage = includeUsage;
    b.nativeRequest = nativeRequest;
    return b;
  }

  public ChatRequest withModel(String newModel) {
    return newModel.equals(model) ? this : toBuilder().model(newModel).build();
  }

  /** True when the answer must be JSON (object or schema). */
  public boolean wantsJson() {
    return responseFormat instanceof ResponseFormat.JsonObject || responseFormat instanceof ResponseFormat.JsonSchema;
  }

  /** True when any message carries an image. */
  public boolean hasImages() {
    for (Message m : messages) {
      for (ContentPart p : m.content()) {
        if (p instanceof ContentPart.Image) {
          return true;
        }
        if (p instanceof ContentPart.ToolResult r && r.content().stream().anyMatch(ContentPart.Image.class::isInstance)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Mutable builder; translators fill it field by field. */
  public static final class Builder {
    private String model;
    private List<String> fallbackModels = List.of();
    private List<Message> messages = List.of();
    private List<ToolDefinition> tools = List.of();
    private ToolChoice toolChoice;
    private Boolean parallelToolCalls;
    private ResponseFormat responseFormat;
    private Integer maxTokens;
    private Double temperature;
    private Double topP;
    private Integer topK;
    private List<String> stop = List.of();
    private Long seed;
    private Double presencePenalty;
    private Double frequencyPenalty;
    private String reasoningEffort;
    private String user;
    private boolean stream;
    private boolean includeUsage;
    private NativeRequest nativeRequest;

    private Builder(String model) {
      this.model = model;
    }

    public Builder model(String v) { this.model = v; return this; }
    public Builder fallbackModels(List<String> v) { this.fallbackModels = v; return this; }
    public Builder messages(List<Message> v) { this.messages = v; return this; }
    public Builder tools(List<ToolDefinition> v) { this.tools = v; return this; }
    public Builder toolChoice(ToolChoice v) { this.toolChoice = v; return this; }
    public Builder parallelToolCalls(Boolean v) { this.parallelToolCalls = v; return this; }
    public Builder responseFormat(ResponseFormat v) { this.responseFormat = v; return this; }
    public Builder maxTokens(Integer v) { this.maxTokens = v; return this; }
    public Builder temperature(Double v) { this.temperature = v; return this; }
    public Builder topP(Double v) { this.topP = v; return this; }
    public Builder topK(Integer v) { this.topK = v; return this; }
    public Builder stop(List<String> v) { this.stop = v; return this; }
    public Builder seed(Long v) { this.seed = v; return this; }
    public Builder presencePenalty(Double v) { this.presencePenalty = v; return this; }
    public Builder frequencyPenalty(Double v) { this.frequencyPenalty = v; return this; }
    public Builder reasoningEffort(String v) { this.reasoningEffort = v; return this; }
    public Builder user(String v) { this.user = v; return this; }
    public Builder stream(boolean v) { this.stream = v; return this; }
    public Builder includeUsage(boolean v) { this.includeUsage = v; return this; }
    public Builder nativeRequest(NativeRequest v) { this.nativeRequest = v; return this; }

    public ChatRequest build() {
      return new ChatRequest(model, fallbackModels, messages, tools, toolChoice, parallelToolCalls, responseFormat,
          maxTokens, temperature, topP, topK, stop, seed, presencePenalty, frequencyPenalty, reasoningEffort, user,
          stream, includeUsage, nativeRequest);
    }
  }
}
