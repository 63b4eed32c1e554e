package dev.fairway.neutrality;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/** Decision records of every shape, for the codec tests: each nullable field null or set, lists empty or long, strings that need escaping, doubles of every kind. */
final class RandomDecisionRecords {
  private final Random random;

  RandomDecisionRecords(long seed) {
    this.random = new Random(seed);
  }

  DecisionRecord next() {
    return record();
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
