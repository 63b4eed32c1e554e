package dev.fairway.neutrality;

import java.util.List;

/**
 * What Fairway decided for one request and why, as it is logged: the leaf of the transparency log
 * is the SHA-256 of this record's canonical bytes ({@link DecisionRecords#canonical}). It names no
 * prompt content (a keyed digest only) and no secret.
 *
 * @param v the record format's version
 * @param id the decision id, the request's id ({@code x-fairway-decision})
 * @param tenant the key's public id, or null when the gateway runs without keys
 * @param requested the model or router the client asked for (null when the body did not decode)
 * @param promptHmac {@link PromptDigest} of the prompt, or null
 * @param configHash the SHA-256 of the routing-relevant configuration (catalog, routers, policy)
 * @param routerModelHash the SHA-256 of the trained router model file, or null
 * @param route how the candidates were chosen and ordered, or null when routing never ran
 * @param attempts every upstream attempt and every candidate passed over, in order
 * @param fallbacks for each candidate tried before the one that served: why it did not serve
 * @param served who answered, or null
 */
public record DecisionRecord(int v, String id, long timeMs, String endpoint, String tenant, String team,
    String requested, String promptHmac, String configHash, String routerModelHash, Route route,
    List<AttemptEntry> attempts, List<Fallback> fallbacks, Served served, Result result) {

  public static final int VERSION = 1;

  /**
   * @param explicit true for a named model (its fallbacks in configured order), false for a router
   * @param objective the objective and its parameters (null for explicit)
   * @param policy the house policy in force, or null
   * @param sticky the model a sticky conversation kept, or null
   * @param candidates those that passed the filters, in the order the objective saw them
   * @param dropped those that did not, and why
   * @param order the model ids in the order dispatch was to try them
   * @param reason why the first was chosen
   */
  public record Route(String router, boolean explicit, String task, Objective objective, double maxTtftMs,
      Policy policy, boolean policyChanged, String sticky, List<Candidate> candidates, List<Dropped> dropped,
      List<String> order, String reason) {}

  /** An objective: {@code threshold} (delta), {@code utility} (lambda, mu) or {@code declared}. */
  public record Objective(String type, Double delta, Double lambda, Double mu) {}

  public record Policy(List<String> owners, double qualityBonus, double priceDiscount) {}

  /**
   * One candidate's merit inputs (for an explicit route, its id and owner only).
   *
   * @param qualitySource {@code data} (predicted from outcome data) or {@code prior} (configured)
   * @param ttftMs expected time to first token, or null when unmeasured
   */
  public record Candidate(String model, String owner, Double quality, String qualitySource, Double costUsd,
      Double ttftMs) {}

  public record Dropped(String model, String reason) {}

  /**
   * @param outcome {@code ok}, the error kind ({@code upstream}, {@code rate_limited}...), or
   *     {@code skipped} for a candidate passed over without a call
   * @param reason the typed reason's code, or the skip's reason
   */
  public record AttemptEntry(int n, String model, String deployment, String outcome, String reason, long ms) {}

  public record Fallback(String model, String why) {}

  public record Served(String model, String deployment, String provider) {}

  /**
   * @param outcome {@code answered}, {@code streamed}, {@code failed} or {@code client_gone}
   * @param error the failure's reason code or kind, or null
   */
  public record Result(int status, String outcome, String error) {}
}
