package dev.fairway.ledger;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fairway.storage.JsonBytes;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A ledger row's bytes in the outbox journal: compact JSON (snake_case, nulls left out, the cost
 * as a decimal string so no digit is lost). Readers ignore fields they do not know, so a journal
 * written by a newer version replays on an older one and the other way round.
 */
final class LedgerCodec {
  private LedgerCodec() {}

  private static final ObjectMapper MAPPER = mapper();
  private static final ObjectWriter WRITER = MAPPER.writerFor(LedgerRow.class);
  private static final ObjectReader READER = MAPPER.readerFor(LedgerRow.class);
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private static ObjectMapper mapper() {
    JsonMapper.Builder b = JsonMapper.builder();
    if (!"false".equals(System.getProperty("fairway.json.blackbird"))) {
      b.addModule(new com.fasterxml.jackson.module.blackbird.BlackbirdModule());
    }
    JsonMapper m = b.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .build();
    m.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
    return m;
  }

  private static final JsonBytes OUT = new JsonBytes(FACTORY, 768);

  // The field names, quoted once.
  private static final SerializableString ATTEMPTS = new SerializedString("attempts");
  private static final SerializableString CACHE_HIT = new SerializedString("cache_hit");
  private static final SerializableString CACHE_WRITE_TOKENS = new SerializedString("cache_write_tokens");
  private static final SerializableString CACHED_INPUT_TOKENS = new SerializedString("cached_input_tokens");
  private static final SerializableString COMPLETION = new SerializedString("completion");
  private static final SerializableString CONTENT = new SerializedString("content");
  private static final SerializableString COST_USD = new SerializedString("cost_usd");
  private static final SerializableString DECISION_ID = new SerializedString("decision_id");
  private static final SerializableString DEPLOYMENT = new SerializedString("deployment");
  private static final SerializableString END_USER = new SerializedString("end_user");
  private static final SerializableString ENDPOINT = new SerializedString("endpoint");
  private static final SerializableString ERROR_KIND = new SerializedString("error_kind");
  private static final SerializableString FINISHED_MS = new SerializedString("finished_ms");
  private static final SerializableString INPUT_TOKENS = new SerializedString("input_tokens");
  private static final SerializableString KEY_ID = new SerializedString("key_id");
  private static final SerializableString LATENCY_MS = new SerializedString("latency_ms");
  private static final SerializableString OUTPUT_TOKENS = new SerializedString("output_tokens");
  private static final SerializableString PROMPT = new SerializedString("prompt");
  private static final SerializableString PROTOCOL = new SerializedString("protocol");
  private static final SerializableString PROVIDER = new SerializedString("provider");
  private static final SerializableString REASONING_TOKENS = new SerializedString("reasoning_tokens");
  private static final SerializableString REQUEST_ID = new SerializedString("request_id");
  private static final SerializableString REQUESTED_MODEL = new SerializedString("requested_model");
  private static final SerializableString SERVED_MODEL = new SerializedString("served_model");
  private static final SerializableString STARTED_MS = new SerializedString("started_ms");
  private static final SerializableString STATUS = new SerializedString("status");
  private static final SerializableString STREAM = new SerializedString("stream");
  private static final SerializableString TAGS = new SerializedString("tags");
  private static final SerializableString TEAM = new SerializedString("team");
  private static final SerializableString TTFT_MS = new SerializedString("ttft_ms");
  private static final SerializableString USAGE_ESTIMATED = new SerializedString("usage_estimated");

  /**
   * The row's bytes, written field by field on the streaming generator (one per thread, {@link
   * JsonBytes}; the names quoted once): the same bytes as data binding ({@link #encodeByBinding},
   * which a test holds it to), at a fraction of the cost on the event loop (data binding's
   * per-property dispatch was about 5 µs per row there).
   */
  static byte[] encode(LedgerRow r) {
    return OUT.write(g -> row(g, r));
  }

  private static void row(JsonGenerator g, LedgerRow r) throws IOException {
    g.writeStartObject();
    g.writeFieldName(REQUEST_ID);
    g.writeString(r.requestId());
    g.writeFieldName(STARTED_MS);
    g.writeNumber(r.startedMs());
    g.writeFieldName(FINISHED_MS);
    g.writeNumber(r.finishedMs());
    string(g, KEY_ID, r.keyId());
    string(g, TEAM, r.team());
    string(g, END_USER, r.endUser());
    string(g, PROTOCOL, r.protocol());
    string(g, ENDPOINT, r.endpoint());
    string(g, REQUESTED_MODEL, r.requestedModel());
    string(g, SERVED_MODEL, r.servedModel());
    string(g, PROVIDER, r.provider());
    string(g, DEPLOYMENT, r.deployment());
    g.writeFieldName(ATTEMPTS);
    g.writeNumber(r.attempts());
    g.writeFieldName(STATUS);
    g.writeNumber(r.status());
    string(g, ERROR_KIND, r.errorKind());
    g.writeFieldName(INPUT_TOKENS);
    g.writeNumber(r.inputTokens());
    g.writeFieldName(CACHED_INPUT_TOKENS);
    g.writeNumber(r.cachedInputTokens());
    g.writeFieldName(CACHE_WRITE_TOKENS);
    g.writeNumber(r.cacheWriteTokens());
    g.writeFieldName(OUTPUT_TOKENS);
    g.writeNumber(r.outputTokens());
    g.writeFieldName(REASONING_TOKENS);
    g.writeNumber(r.reasoningTokens());
    g.writeFieldName(USAGE_ESTIMATED);
    g.writeBoolean(r.usageEstimated());
    g.writeFieldName(COST_USD);
    g.writeString(r.costUsd().toString());
    g.writeFieldName(LATENCY_MS);
    g.writeNumber(r.latencyMs());
    if (r.ttftMs() != null) {
      g.writeFieldName(TTFT_MS);
    g.writeNumber(r.ttftMs().longValue());
    }
    g.writeFieldName(STREAM);
    g.writeBoolean(r.stream());
    g.writeFieldName(CACHE_HIT);
    g.writeBoolean(r.cacheHit());
    string(g, DECISION_ID, r.decisionId());
    if (r.tags() != null) {
      g.writeFieldName(TAGS);
      g.writeStartObject();
      for (Map.Entry<String, String> t : r.tags().entrySet()) {
        g.writeFieldName(t.getKey());
        if (t.getValue() == null) {
          g.writeNull();
        } else {
          g.writeString(t.getValue());
        }
      }
      g.writeEndObject();
    }
    if (r.content() != null) {
      g.writeFieldName(CONTENT);
      g.writeStartObject();
      string(g, PROMPT, r.content().prompt());
      string(g, COMPLETION, r.content().completion());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, SerializableString name, String value) throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      g.writeString(value);
    }
  }

  /** The row's bytes by data binding: the definition {@link #encode} is tested against. */
  static byte[] encodeByBinding(LedgerRow row) {
    try {
      return WRITER.writeValueAsBytes(row);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a ledger row", e);
    }
  }

  /** @throws IllegalArgumentException when the bytes are not a valid row */
  static LedgerRow decode(byte[] bytes) {
    try {
      return READER.readValue(bytes);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a ledger row: " + e.getMessage(), e);
    }
  }
}
