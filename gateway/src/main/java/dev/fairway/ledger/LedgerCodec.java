package dev.fairway.ledger;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;

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

  static byte[] encode(LedgerRow row) {
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
