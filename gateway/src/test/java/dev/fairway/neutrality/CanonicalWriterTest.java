package dev.fairway.neutrality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming canonical writer against data binding, the definition of a record's canonical
 * bytes: byte for byte on records of every shape (each nullable field null or set, lists empty or
 * long, strings that need escaping, doubles of every kind).
 */
class CanonicalWriterTest {
  private final RandomDecisionRecords records = new RandomDecisionRecords(20261203L);

  @Test
  void writesTheSameBytesAsDataBindingForRecordsOfEveryShape() {
    for (int i = 0; i < 5_000; i++) {
      DecisionRecord r = records.next();
      assertThat(new String(DecisionRecords.canonical(r), StandardCharsets.UTF_8))
          .as("record %d", i)
          .isEqualTo(new String(DecisionRecords.canonicalByBinding(r), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aFullyPopulatedRecordHasItsKeysInAlphabeticalOrderAtEveryLevel() {
    DecisionRecord.Route route = new DecisionRecord.Route("r", false, "task",
        new DecisionRecord.Objective("utility", 0.1, 2.0, 3.0), 1500.0,
        new DecisionRecord.Policy(List.of("o1"), 0.02, 0.1), true, "st",
        List.of(new DecisionRecord.Candidate("m", "own", 0.5, "data", 1e-5, 12.0)),
        List.of(new DecisionRecord.Dropped("d", "why")), List.of("m"), "reason");
    DecisionRecord r = new DecisionRecord(1, "id", 5L, "chat", "ten", "team", "req", "hmac", "cfg", "rmh", route,
        List.of(new DecisionRecord.AttemptEntry(1, "m", "dep", "ok", "rsn", 3)),
        List.of(new DecisionRecord.Fallback("f", "w")), new DecisionRecord.Served("m", "dep", "prov"),
        new DecisionRecord.Result(200, "answered", "e"));

    assertThat(new String(DecisionRecords.canonical(r), StandardCharsets.UTF_8)).isEqualTo("{\"attempts\":[{"
        + "\"deployment\":\"dep\",\"model\":\"m\",\"ms\":3,\"n\":1,\"outcome\":\"ok\",\"reason\":\"rsn\"}],"
        + "\"config_hash\":\"cfg\",\"endpoint\":\"chat\",\"fallbacks\":[{\"model\":\"f\",\"why\":\"w\"}],\"id\":\"id\","
        + "\"prompt_hmac\":\"hmac\",\"requested\":\"req\",\"result\":{\"error\":\"e\",\"outcome\":\"answered\","
        + "\"status\":200},\"route\":{\"candidates\":[{\"cost_usd\":1.0E-5,\"model\":\"m\",\"owner\":\"own\","
        + "\"quality\":0.5,\"quality_source\":\"data\",\"ttft_ms\":12.0}],\"dropped\":[{\"model\":\"d\","
        + "\"reason\":\"why\"}],\"explicit\":false,\"max_ttft_ms\":1500.0,\"objective\":{\"delta\":0.1,"
        + "\"lambda\":2.0,\"mu\":3.0,\"type\":\"utility\"},\"order\":[\"m\"],\"policy\":{\"owners\":[\"o1\"],"
        + "\"price_discount\":0.1,\"quality_bonus\":0.02},\"policy_changed\":true,\"reason\":\"reason\","
        + "\"router\":\"r\",\"sticky\":\"st\",\"task\":\"task\"},\"router_model_hash\":\"rmh\",\"served\":{"
        + "\"deployment\":\"dep\",\"model\":\"m\",\"provider\":\"prov\"},\"team\":\"team\",\"tenant\":\"ten\","
        + "\"time_ms\":5,\"v\":1}");
  }

}
