package dev.fairway.neutrality;

import dev.fairway.routing.RouteInputs;
import dev.fairway.routing.RouteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The neutrality report over a window of decision records: for every owner and every model, how
 * often it had the best merit among the eligible candidates (the merit-only choice), how often it
 * was chosen and how much of the traffic it served; beside it the counterfactual audit's findings
 * and the house policy's measured effect, and how dispatch treated each owner's models (attempt
 * latency and error rate). Shares are of routed decisions, where the gateway chose; requests naming
 * a model count only in the dispatch table. Feed records with {@link #add}, then {@link #result};
 * {@link ReportPage} renders it for people. Pure: no I/O, no clock.
 */
public final class AuditReport {
  /** Owner shown for a model no candidate list names. */
  static final String UNKNOWN_OWNER = "(unknown)";

  private final Map<String, Tally> models = new HashMap<>();
  private final Map<String, String> ownerOf = new HashMap<>();
  private final Map<String, Long> ownerEligible = new HashMap<>();
  private final Map<String, Dispatching> dispatch = new TreeMap<>();
  private long records;
  private long routed;
  private long routedServed;
  private Long firstMs;
  private Long lastMs;

  /** Where the records came from, for the reader. */
  public record Source(String description, String origin, long leaves, long skippedLeaves, Long signedTreeSize,
      String generatedAt) {}

  /**
   * One owner's or model's part in the routed decisions.
   *
   * @param owner the model's owner (for an owner's row, the owner itself)
   * @param eligible decisions it was a candidate in (passed the filters)
   * @param bestMerit decisions where merit alone ranks it first
   * @param won decisions that chose it
   * @param served decisions it finally served (after any fallback)
   * @param meanQualityOfWins mean predicted quality of the decisions it won (null when none)
   * @param meanCostOfWinsUsd mean predicted cost of the decisions it won (null when none)
   */
  public record Row(String name, String owner, long eligible, Double eligibleShare, long bestMerit,
      Double bestMeritShare, long won, Double wonShare, long served, Double servedShare, Double meanQualityOfWins,
      Double meanCostOfWinsUsd) {}

  /**
   * How dispatch treated one owner's models, over every request in the window (named or routed).
   *
   * @param attempts upstream calls to its models (cancellations excluded: a lost hedge or a client
   *     gone is nobody's failure)
   * @param failed those that failed
   * @param p50Ms median duration of its successful attempts (null when none)
   */
  public record Dispatch(String owner, long attempts, long failed, Double errorRate, Long p50Ms, Long p95Ms) {}

  public enum Verdict {
    /** Every decision replays and owners never mattered. */
    NEUTRAL,
    /** Every decision replays; a disclosed house policy favoured some owners, measured here. */
    HOUSE_POLICY,
    /** Some decisions do not replay to what their records say. */
    NOT_REPRODUCED,
    /** Some choice moved with the owner labels though no house policy was in force. */
    OWNER_DEPENDENT,
    /** No routed decision in the window. */
    NOTHING_ROUTED;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The report.
   *
   * @param firstRecord the earliest record's time (ISO-8601), or null
   * @param verdictLine the finding in one plain sentence
   */
  public record Result(Source source, String from, String to, String firstRecord, String lastRecord, long records,
      long routed, long routedServed, Verdict verdict, String verdictLine, List<Row> owners, List<Row> models,
      List<Dispatch> dispatch, Counterfactual.Result counterfactual) {}

  /** Adds one record (select the window before). */
  public void add(DecisionRecord r) {
    records++;
    firstMs = firstMs == null ? r.timeMs() : Math.min(firstMs, r.timeMs());
    lastMs = lastMs == null ? r.timeMs() : Math.max(lastMs, r.timeMs());
    DecisionRecord.Route route = r.route();
    Map<String, String> owners = new HashMap<>();
    if (route != null && route.candidates() != null) {
      for (DecisionRecord.Candidate c : route.candidates()) {
        String o = c.owner() == null ? UNKNOWN_OWNER : c.owner();
        owners.put(c.model(), o);
        ownerOf.putIfAbsent(c.model(), o);
      }
    }
    if (r.attempts() != null) {
      for (DecisionRecord.AttemptEntry a : r.attempts()) {
        if ("skipped".equals(a.outcome()) || "cancelled".equals(a.outcome())) {
          continue;
        }
        String o = owners.getOrDefault(a.model(), ownerOf.getOrDefault(a.model(), UNKNOWN_OWNER));
        dispatch.computeIfAbsent(o, k -> new Dispatching()).add("ok".equals(a.outcome()), a.ms());
      }
    }
    if (route == null || route.explicit() || route.order() == null || route.order().isEmpty()
        || route.candidates() == null) {
      return;
    }
    routed++;
    java.util.Set<String> eligibleOwners = new java.util.HashSet<>();
    for (DecisionRecord.Candidate c : route.candidates()) {
      tally(c.model()).eligible++;
      eligibleOwners.add(owners.get(c.model()));
    }
    eligibleOwners.forEach(o -> ownerEligible.merge(o, 1L, Long::sum));
    String best = meritChoice(route);
    if (best != null) {
      tally(best).bestMerit++;
    }
    String chosen = route.order().get(0);
    Tally w = tally(chosen);
    w.won++;
    for (DecisionRecord.Candidate c : route.candidates()) {
      if (c.model().equals(chosen) && c.quality() != null && c.costUsd() != null) {
        w.quality += c.quality();
        w.cost += c.costUsd();
        w.priced++;
      }
    }
    if (r.served() != null && r.served().model() != null) {
      routedServed++;
      tally(r.served().model()).served++;
    }
  }

  /** The report, with the counterfactual audit of the same records. */
  public Result result(Source source, Window window, Counterfactual.Result counterfactual) {
    Map<String, Tally> byOwner = new TreeMap<>();
    for (Map.Entry<String, Tally> e : models.entrySet()) {
      byOwner.computeIfAbsent(owner(e.getKey()), k -> new Tally()).addAll(e.getValue());
    }
    // an owner is eligible once per decision, however many of its models were candidates
    byOwner.forEach((o, t) -> t.eligible = ownerEligible.getOrDefault(o, 0L));
    List<Row> ownerRows = new ArrayList<>();
    byOwner.forEach((o, t) -> ownerRows.add(row(o, o, t)));
    List<Row> modelRows = new ArrayList<>();
    models.forEach((m, t) -> modelRows.add(row(m, owner(m), t)));
    Comparator<Row> order = Comparator.comparingLong(Row::won).reversed().thenComparing(Row::bestMerit,
        Comparator.reverseOrder()).thenComparing(Row::name);
    ownerRows.sort(order);
    modelRows.sort(order);
    List<Dispatch> d = new ArrayList<>();
    dispatch.forEach((o, t) -> d.add(t.result(o)));
    Verdict v = verdict(counterfactual);
    return new Result(source, Window.iso(window.fromMs()), Window.iso(window.toMs()), Window.iso(firstMs),
        Window.iso(lastMs), records, routed, routedServed, v, verdictLine(v, counterfactual), List.copyOf(ownerRows),
        List.copyOf(modelRows), List.copyOf(d), counterfactual);
  }

  static Verdict verdict(Counterfactual.Result c) {
    if (c.routed() == 0) {
      return Verdict.NOTHING_ROUTED;
    }
    if (c.reproduced() != c.routed()) {
      return Verdict.NOT_REPRODUCED;
    }
    if (c.ownerBlind().identical() != c.ownerBlind().replays()) {
      return Verdict.OWNER_DEPENDENT;
    }
    return c.policies().isEmpty() ? Verdict.NEUTRAL : Verdict.HOUSE_POLICY;
  }

  /** The finding in words a reader who never saw Fairway follows. */
  static String verdictLine(Verdict v, Counterfactual.Result c) {
    return switch (v) {
      case NOTHING_ROUTED -> "Nothing to judge: no request in this period was routed by the gateway (every one named"
          + " its model, or none was made).";
      case NOT_REPRODUCED -> String.format(Locale.ROOT, "Not verified: %d of %d routing decisions do not come out the"
          + " same when recomputed from their own records, so the log does not explain how they were made.",
          c.routed() - c.reproduced(), c.routed());
      case OWNER_DEPENDENT -> String.format(Locale.ROOT, "Not neutral: in %d of %d decisions the choice changed when"
          + " only the names of the models' owners were swapped, although no preference for any owner was declared.",
          c.ownerBlind().decisionsMoved(), c.routed());
      case NEUTRAL -> String.format(Locale.ROOT, "Neutral: all %d routing decisions come out the same when recomputed"
          + " from their records, and swapping who owns which model never changed a choice (%d trials). No owner was"
          + " favoured.", c.routed(), c.ownerBlind().replays());
      case HOUSE_POLICY -> {
        Counterfactual.PolicyEffect e = c.policyEffect();
        String effect = e.changed() == 0 ? "the preference changed none of them"
            : String.format(Locale.ROOT, "the preference changed %d of them (%s), where the model it picked had %s"
                + " predicted quality and cost %s than the best-merit model, on average", e.changed(),
                Counterfactual.pct(e.changedShare()), signed(e.meanQualityDelta(), "%.3f", "higher", "lower"),
                signed(e.meanCostDeltaUsd(), "$%.6f", "more", "less"));
        yield String.format(Locale.ROOT, "Merit-based with a declared house preference: all %d routing decisions come"
            + " out the same when recomputed from their records, and apart from the declared preference ownership"
            + " never changed a choice; %s. The preference: %s.", c.routed(), effect, String.join("; ", c.policies()));
      }
    };
  }

  private static String signed(double v, String fmt, String up, String down) {
    if (v == 0) {
      return "the same";
    }
    return String.format(Locale.ROOT, fmt, Math.abs(v)) + " " + (v > 0 ? up : down);
  }

  /** The merit-only first choice of a logged route, or null when its inputs do not replay. */
  private static String meritChoice(DecisionRecord.Route route) {
    try {
      RouteInputs in = DecisionRecords.inputs(route);
      return in.candidates().get(RouteOrder.meritOnly(in)[0]).model();
    } catch (RuntimeException e) {
      return null; // the counterfactual reports it as not reproduced
    }
  }

  private String owner(String model) {
    return ownerOf.getOrDefault(model, UNKNOWN_OWNER);
  }

  private Tally tally(String model) {
    return models.computeIfAbsent(model, k -> new Tally());
  }

  private Row row(String name, String owner, Tally t) {
    return new Row(name, owner, t.eligible, Counterfactual.share(t.eligible, routed), t.bestMerit,
        Counterfactual.share(t.bestMerit, routed), t.won, Counterfactual.share(t.won, routed), t.served,
        Counterfactual.share(t.served, routedServed), t.priced == 0 ? null : t.quality / t.priced,
        t.priced == 0 ? null : t.cost / t.priced);
  }

  private static final class Tally {
    long eligible;
    long bestMerit;
    long won;
    long served;
    long priced;
    double quality;
    double cost;

    void addAll(Tally o) {
      eligible += o.eligible;
      bestMerit += o.bestMerit;
      won += o.won;
      served += o.served;
      priced += o.priced;
      quality += o.quality;
      cost += o.cost;
    }
  }

  private static final class Dispatching {
    long attempts;
    long failed;
    long[] okMs = new long[16];
    int ok;

    void add(boolean success, long ms) {
      attempts++;
      if (!success) {
        failed++;
        return;
      }
      if (ok == okMs.length) {
        okMs = Arrays.copyOf(okMs, ok * 2);
      }
      okMs[ok++] = ms;
    }

    Dispatch result(String owner) {
      long[] sorted = Arrays.copyOf(okMs, ok);
      Arrays.sort(sorted);
      return new Dispatch(owner, attempts, failed, Counterfactual.share(failed, attempts), rank(sorted, 0.50),
          rank(sorted, 0.95));
    }

    /** Nearest-rank percentile. */
    private static Long rank(long[] sorted, double p) {
      if (sorted.length == 0) {
        return null;
      }
      int i = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
  }
}
