package dev.fairway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerRowTest {

  @Test
  void theJournalEncodingRoundTripsEveryFieldAndKeepsTheCostExact() {
    LedgerRow r = LedgerFixture.rows(1, 1, 7).getFirst().toBuilder()
        .cost(new BigDecimal("0.000000000001")).ttftMs(12L).content(new LedgerRow.Content("p", "c")).build();

    byte[] bytes = LedgerCodec.encode(r);

    assertThat(LedgerCodec.decode(bytes)).isEqualTo(r);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"cost_usd\":\"1E-12\"").doesNotContain("null");
  }

  @Test
  void theStreamingEncodingIsByteForByteWhatDataBindingWrites() {
    java.util.Random random = new java.util.Random(20261203L);
    String[] words = {"gpt-4o-mini", "", "a\"quoted\"", "back\\slash", "new\nline", "\u0001", "café", "模型",
        "\uD83D\uDE80", "x".repeat(300)};
    java.util.function.Supplier<String> str = () -> random.nextInt(4) == 0 ? null : words[random.nextInt(words.length)];
    for (int i = 0; i < 3_000; i++) {
      Map<String, String> tags = new java.util.HashMap<>();
      for (int t = random.nextInt(4); t > 0; t--) {
        tags.put(words[random.nextInt(words.length)] + t, words[random.nextInt(words.length)]);
      }
      LedgerRow r = new LedgerRow("req-" + i, 1_764_700_000_000L + i, 1_764_700_000_000L + i + random.nextInt(5_000),
          str.get(), str.get(), str.get(), "openai", "/v1/chat/completions", str.get(), str.get(), str.get(), str.get(),
          random.nextInt(5), 100 + random.nextInt(500), str.get(), random.nextInt(100_000), random.nextInt(100),
          random.nextInt(100), random.nextInt(10_000), random.nextInt(100), random.nextBoolean(),
          new BigDecimal(java.math.BigInteger.valueOf(random.nextLong(1, Long.MAX_VALUE)), random.nextInt(13)),
          random.nextInt(60_000), random.nextBoolean() ? null : (long) random.nextInt(5_000), random.nextBoolean(),
          random.nextBoolean(), str.get(), random.nextBoolean() ? null : tags,
          random.nextInt(3) == 0 ? new LedgerRow.Content(str.get(), str.get()) : null);

      assertThat(new String(LedgerCodec.encode(r), StandardCharsets.UTF_8)).as("row %d", i)
          .isEqualTo(new String(LedgerCodec.encodeByBinding(r), StandardCharsets.UTF_8));
    }
  }

  @Test
  void bytesThatAreNotARowAreRefused() {
    assertThatThrownBy(() -> LedgerCodec.decode("{\"request_id\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void costsBeyondTwelveDecimalsAreRoundedHalfEven() {
    LedgerRow r = LedgerRow.builder("r", 0).cost(new BigDecimal("0.0000000000015")).build();
    assertThat(r.costUsd()).isEqualByComparingTo("0.000000000002");
  }

  @Test
  void aRowNeedsAnIdATimeOrderAndAnHttpStatus() {
    assertThatThrownBy(() -> LedgerRow.builder("", 0).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LedgerRow.builder("r", 10).finishedMs(9).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LedgerRow.builder("r", 0).status(42).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LedgerRow.builder("r", 0).cost(new BigDecimal("-1")).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theModelOfARowIsTheServedOneElseTheRequestedOne() {
    assertThat(LedgerRow.builder("r", 0).requestedModel("auto").served("gpt-4o", "openai", "d").build().model())
        .isEqualTo("gpt-4o");
    assertThat(LedgerRow.builder("r", 0).requestedModel("auto").status(503).build().model()).isEqualTo("auto");
  }

  @Test
  void tagsAreParsedFromTheHeaderAndBounded() {
    assertThat(LedgerTags.parse(" team=search, env = prod ,experiment,,=x, env=staging"))
        .containsExactly(Map.entry("env", "staging"), Map.entry("experiment", ""), Map.entry("team", "search"));
    assertThat(LedgerTags.parse(null)).isEmpty();
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      many.append("t").append(i).append("=").append("v".repeat(1000)).append(',');
    }
    Map<String, String> t = LedgerTags.parse(many.toString());
    assertThat(t).hasSize(LedgerTags.MAX_TAGS);
    assertThat(t.values()).allSatisfy(v -> assertThat(v).hasSize(LedgerTags.MAX_VALUE));
  }

  @Test
  void clientSuppliedStringsAreCut() {
    LedgerRow r = LedgerRow.builder("r", 0).endUser("u".repeat(10_000)).build();
    assertThat(r.endUser()).hasSize(LedgerRow.MAX_NAME);
  }
}
