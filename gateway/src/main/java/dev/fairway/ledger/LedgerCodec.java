package dev.fairway.ledger;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
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

  /**
   * The row's bytes, written field by field on the streaming generator: the same bytes as data
   * binding ({@link #encodeByBinding}, which a test holds it to), at a fraction of the cost on the
   * event loop (data binding's per-property dispatch was about 5 µs per row there).
   */
  static byte[] encode(LedgerRow r) {
    ByteArrayBuilder out = new ByteArrayBuilder(768);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("request_id", r.requestId());
      g.writeNumberField("started_ms", r.startedMs());
      g.writeNumberField("finished_ms", r.finishedMs());
      string(g, "key_id", r.keyId());
      string(g, "team", r.team());
      string(g, "end_user", r.endUser());
      string(g, "protocol", r.protocol());
      string(g, "endpoint", r.endpoint());
      string(g, "requested_model", r.requestedModel());
      string(g, "served_model", r.servedModel());
      string(g, "provider", r.provider());
      string(g, "deployment", r.deployment());
      g.writeNumberField("attempts", r.attempts());
      g.writeNumberField("status", r.status());
      string(g, "error_kind", r.errorKind());
      g.writeNumberField("input_tokens", r.inputTokens());
      g.writeNumberField("cached_input_tokens", r.cachedInputTokens());
      g.writeNumberField("cache_write_tokens", r.cacheWriteTokens());
      g.writeNumberField("output_tokens", r.outputTokens());
      g.writeNumberField("reasoning_tokens", r.reasoningTokens());
      g.writeBooleanField("usage_estimated", r.usageEstimated());
      g.writeStringField("cost_usd", r.costUsd().toString());
      g.writeNumberField("latency_ms", r.latencyMs());
      if (r.ttftMs() != null) {
        g.writeNumberField("ttft_ms", r.ttftMs().longValue());
      }
      g.writeBooleanField("stream", r.stream());
      g.writeBooleanField("cache_hit", r.cacheHit());
      string(g, "decision_id", r.decisionId());
      if (r.tags() != null) {
        g.writeFieldName("tags");
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
        g.writeFieldName("content");
        g.writeStartObject();
        string(g, "prompt", r.content().prompt());
        string(g, "completion", r.content().completion());
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a ledger row", e);
    }
    return out.toByteArray();
  }

  private static void string(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
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
