package dev.fairway.neutrality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The streaming canonical writer against data binding, the definition of a record's canonical
 * bytes: byte for byte on records of every shape (each nullable field null or set, lists empty or
 * long, strings that need escaping, doubles of every kind).
 */
class CanonicalWriterTest {
  private final Random random = new Random(20261203L);

  @Test
  void writesTheSameBytesAsDataBindingForRecordsOfEveryShape() {
    for (int i = 0; i < 5_000; i++) {
      DecisionRecord r = record();
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

  private DecisionRecord record() {
    return new DecisionRecord(random.nextInt(3), str(), random.nextLong(), str(), str(), str(), str(), str(), str(),
        str(), maybe(this::route), maybe(() -> list(this::attempt)),
        maybe(() -> list(() -> new DecisionRecord.Fallback(str(), str()))),
        maybe(() -> new DecisionRecord.Served(str(), str(), str())),
        maybe(() -> new DecisionRecord.Result(random.nextInt(600), str(), str())));
  }

  private DecisionRecord.Route route() {
    return new DecisionRecord.Route(str(), random.nextBoolean(), str(),
        maybe(() -> new DecisionRecord.Objective(str(), dbl(), dbl(), dbl())), prim(),
        maybe(() -> new DecisionRecord.Policy(maybe(() -> list(this::str)), prim(), prim())), random.nextBoolean(),
        str(), maybe(() -> list(() -> new DecisionRecord.Candidate(str(), str(), dbl(), str(), dbl(), dbl()))),
        maybe(() -> list(() -> new DecisionRecord.Dropped(str(), str()))), maybe(() -> list(this::str)), str());
  }

  private DecisionRecord.AttemptEntry attempt() {
    return new DecisionRecord.AttemptEntry(random.nextInt(), str(), str(), str(), str(), random.nextLong());
  }

  private <T> T maybe(Supplier<T> s) {
    return random.nextInt(4) == 0 ? null : s.get();
  }

  private <T> List<T> list(Supplier<T> s) {
    int n = random.nextInt(4) == 0 ? 0 : random.nextInt(20);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(s.get());
    }
    return out;
  }

  private static final String[] WORDS = {"gpt-4o-mini", "", "a\"quoted\" one", "back\\slash", "tab\there",
      "new\nline", "\u0001control", "naïve café", "模型", "emoji \uD83D\uDE80", "</script>", "x".repeat(300)};

  private String str() {
    return random.nextInt(5) == 0 ? null : WORDS[random.nextInt(WORDS.length)] + (random.nextBoolean() ? "" : random.nextInt());
  }

  private Double dbl() {
    return random.nextInt(5) == 0 ? null : prim();
  }

  private double prim() {
    return switch (random.nextInt(8)) {
      case 0 -> 0.0;
      case 1 -> -0.0;
      case 2 -> random.nextDouble() * 1e-9;
      case 3 -> random.nextDouble() * 1e12;
      case 4 -> Double.NaN;
      case 5 -> Double.POSITIVE_INFINITY;
      case 6 -> Math.round(random.nextDouble() * 1000) / 1000.0;
      default -> random.nextGaussian();
    };
  }
}
