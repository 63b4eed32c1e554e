package dev.fairway.neutrality;

import dev.fairway.routing.HousePolicy;
import dev.fairway.routing.RouteInputs;
import dev.fairway.routing.RouteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The counterfactual audit of logged router decisions. Each one is replayed through
 * {@link RouteOrder} (the code that decided) from the inputs its record holds: first unchanged, when
 * it must give the recorded order and the recorded {@code policy_changed}; then with the owner
 * labels permuted across its candidates. Without a house policy no permutation may move the
 * choice, which shows that who owns a model played no part; under the recorded policy the audit
 * counts how often the choice follows the labels (the part the disclosed policy gives owners) and
 * what the policy's changes did to predicted quality and cost against the merit-only choice.
 *
 * <p>The labels permuted are those of the record's candidates plus the owners its policy favours,
 * so a permutation can hand a favoured label to any candidate: every permutation when there are
 * at most {@value #MAX_EXHAUSTIVE_OWNERS}, else {@value #RANDOM_PERMUTATIONS} random ones, seeded
 * per record so a rerun replays the same ones. Feed records with {@link #add}, read {@link #result}.
 * Pure: no I/O, no clock.
 */
public final class Counterfactual {
  public static final int MAX_EXHAUSTIVE_OWNERS = 6;
  public static final int RANDOM_PERMUTATIONS = 100;
  /** Ids listed per finding; the counts are always complete. */
  public static final int MAX_LISTED = 100;

  private static final List<List<int[]>> ALL_PERMUTATIONS = new ArrayList<>();

  static {
    for (int k = 0; k <= MAX_EXHAUSTIVE_OWNERS; k++) {
      List<int[]> out = new ArrayList<>();
      permutations(new int[k], new boolean[k], 0, out);
      ALL_PERMUTATIONS.add(List.copyOf(out));
    }
  }

  private final long seed;
  private final Window window;
  private long records;
  private long explicit;
  private long unrouted;
  private long routed;
  private long reproduced;
  private long notListed;
  private final List<Mismatch> mismatches = new ArrayList<>();
  private final Replays ownerBlind = new Replays();
  private final Replays underPolicy = new Replays();
  private long policyDecisions;
  private long changed;
  private double qualityDelta;
  private double costDelta;
  private final TreeSet<String> policies = new TreeSet<>();

  /**
   * @param window what the records were selected by (reported, not applied: the caller selects)
   * @param seed the random permutations' seed, for decisions with more than {@value #MAX_EXHAUSTIVE_OWNERS} owners
   */
  public Counterfactual(Window window, long seed) {
    this.window = window;
    this.seed = seed;
  }

  /** The audit of {@code records} (all of them: select the window before). */
  public static Result of(Iterable<DecisionRecord> records, Window window, long seed) {
    Counterfactual c = new Counterfactual(window, seed);
    records.forEach(c::add);
    return c.result();
  }

  /** A decision that did not replay to what its record says. */
  public record Mismatch(String id, List<String> recorded, List<String> replayed, String why) {}

  /**
   * Replays with permuted owner labels.
   *
   * @param decisions decisions replayed
   * @param replays permuted replays in all
   * @param identical replays whose choice was the unpermuted replay's
   * @param identicalShare {@code identical / replays}, null when nothing was replayed
   * @param decisionsMoved decisions with at least one replay whose choice moved
   * @param moved the first of those decisions' ids
   */
  public record Invariance(long decisions, long replays, long identical, Double identicalShare, long decisionsMoved,
      List<String> moved) {}

  /**
   * What a house policy changed.
   *
   * @param decisions routed decisions made under a house policy
   * @param changed those whose choice differs from the merit-only choice
   * @param changedShare {@code changed} over all routed decisions in the window (null when none)
   * @param meanQualityDelta the chosen model's predicted quality minus the merit-only choice's, averaged over
   *     the changed decisions (null when none changed)
   * @param meanCostDeltaUsd the same for predicted cost
   */
  public record PolicyEffect(long decisions, long changed, Double changedShare, Double meanQualityDelta,
      Double meanCostDeltaUsd) {}

  /**
   * The audit's findings.
   *
   * @param records decision records audited (in the window)
   * @param explicit requests that named a model: the client chose, nothing to replay
   * @param unrouted requests that failed before routing
   * @param routed router decisions replayed
   * @param reproduced those whose replay gave exactly the recorded order and {@code policy_changed}
   * @param mismatchesNotListed mismatches beyond the listed ones
   * @param ownerBlind owners permuted with no house policy: must be 100% identical
   * @param underPolicy owners permuted under the recorded house policy, for decisions made under one
   * @param policies the house policies in force, as they are disclosed
   * @param holds every decision reproduced and no owner-blind replay moved
   */
  public record Result(String from, String to, long records, long explicit, long unrouted, long routed,
      long reproduced, Double reproducedShare, List<Mismatch> mismatches, long mismatchesNotListed,
      Invariance ownerBlind, Invariance underPolicy, PolicyEffect policyEffect, List<String> policies, boolean holds) {

    /** The findings as the CLI prints them: a table of the three replays, then the policy's effect. */
    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append("window: ").append(from == null && to == null ? "the whole log"
          : (from == null ? "the log's beginning" : from) + " to " + (to == null ? "its end" : to)).append('\n');
      sb.append("decision records: ").append(records).append(" (routed ").append(routed).append(", named a model ")
          .append(explicit).append(", failed before routing ").append(unrouted).append(")\n\n");
      String fmt = "%-44s %9s %10s %10s %8s%n";
      sb.append(String.format(Locale.ROOT, fmt, "replay", "decisions", "replays", "identical", "share"));
      sb.append(String.format(Locale.ROOT, fmt, "unchanged (must give the recorded order)", routed, routed, reproduced,
          pct(reproducedShare)));
      sb.append(String.format(Locale.ROOT, fmt, "owners permuted, no house policy", ownerBlind.decisions(),
          ownerBlind.replays(), ownerBlind.identical(), pct(ownerBlind.identicalShare())));
      if (underPolicy.decisions() > 0) {
        sb.append(String.format(Locale.ROOT, fmt, "owners permuted, recorded house policy", underPolicy.decisions(),
            underPolicy.replays(), underPolicy.identical(), pct(underPolicy.identicalShare())));
      }
      sb.append('\n');
      if (policies.isEmpty()) {
        sb.append("house policy: none in force (merit only)\n");
      } else {
        sb.append("house policy: ").append(String.join(", ", policies)).append('\n');
        sb.append(String.format(Locale.ROOT, "  changed %d of %d routed choices (%s) against the merit-only choice",
            policyEffect.changed(), routed, pct(policyEffect.changedShare())));
        if (policyEffect.changed() > 0) {
          sb.append(String.format(Locale.ROOT, "; per changed choice: predicted quality %+.4f, predicted cost %+.6f USD",
              policyEffect.meanQualityDelta(), policyEffect.meanCostDeltaUsd()));
        }
        sb.append('\n');
      }
      for (Mismatch m : mismatches) {
        sb.append("NOT REPRODUCED ").append(m.id()).append(": ").append(m.why()).append("; recorded ")
            .append(m.recorded()).append(", replayed ").append(m.replayed()).append('\n');
      }
      if (mismatchesNotListed > 0) {
        sb.append("... and ").append(mismatchesNotListed).append(" more not reproduced\n");
      }
      for (String id : ownerBlind.moved()) {
        sb.append("OWNER-DEPENDENT without a house policy: ").append(id).append('\n');
      }
      return sb.toString();
    }
  }

  /** Audits one record; explicit and unrouted ones are counted, not replayed. */
  public void add(DecisionRecord r) {
    records++;
    DecisionRecord.Route route = r.route();
    if (route == null) {
      unrouted++;
      return;
    }
    if (route.explicit()) {
      explicit++;
      return;
    }
    routed++;
    RouteInputs in;
    int[] order;
    int[] merit;
    try {
      in = DecisionRecords.inputs(route);
      if (in.candidates().isEmpty()) {
        throw new IllegalArgumentException("no candidates");
      }
      order = RouteOrder.order(in);
      merit = RouteOrder.meritOnly(in);
    } catch (RuntimeException e) {
      mismatch(r.id(), route.order(), List.of(), "its inputs do not replay (" + e.getMessage() + ")");
      return;
    }
    List<String> replayed = ids(in, order);
    boolean policyChanged = in.policy().enabled() && order[0] != merit[0];
    if (!replayed.equals(route.order())) {
      mismatch(r.id(), route.order(), replayed, "the replayed order differs from the recorded one");
    } else if (policyChanged != route.policyChanged()) {
      mismatch(r.id(), route.order(), replayed, "it records policy_changed=" + route.policyChanged()
          + " but the replay gives " + policyChanged);
    } else {
      reproduced++;
    }
    permute(r.id(), in, order[0], merit[0]);
    if (in.policy().enabled()) {
      policies.add(in.policy().describe());
      policyDecisions++;
      if (policyChanged) {
        changed++;
        RouteInputs.Candidate chosen = in.candidates().get(order[0]);
        RouteInputs.Candidate best = in.candidates().get(merit[0]);
        qualityDelta += chosen.merit().quality() - best.merit().quality();
        costDelta += chosen.merit().costUsd() - best.merit().costUsd();
      }
    }
  }

  public Result result() {
    Invariance blind = ownerBlind.result();
    boolean holds = reproduced == routed && blind.identical() == blind.replays();
    return new Result(Window.iso(window.fromMs()), Window.iso(window.toMs()), records, explicit, unrouted, routed,
        reproduced, share(reproduced, routed), List.copyOf(mismatches), notListed, blind, underPolicy.result(),
        new PolicyEffect(policyDecisions, changed, share(changed, routed), changed == 0 ? null : qualityDelta / changed,
            changed == 0 ? null : costDelta / changed),
        List.copyOf(policies), holds);
  }

  private void permute(String id, RouteInputs in, int choice, int meritChoice) {
    LinkedHashSet<String> set = new LinkedHashSet<>();
    for (RouteInputs.Candidate c : in.candidates()) {
      set.add(c.owner());
    }
    boolean policy = in.policy().enabled();
    if (policy) {
      set.addAll(in.policy().owners());
    }
    List<String> labels = new ArrayList<>(set);
    int[] labelOf = new int[in.candidates().size()];
    for (int i = 0; i < labelOf.length; i++) {
      labelOf[i] = labels.indexOf(in.candidates().get(i).owner());
    }
    RouteInputs blind = in.withPolicy(HousePolicy.NONE);
    boolean blindMoved = false;
    boolean policyMoved = false;
    List<String> owners = new ArrayList<>(labelOf.length);
    for (int[] p : permutationsFor(id, labels.size())) {
      owners.clear();
      for (int l : labelOf) {
        owners.add(labels.get(p[l]));
      }
      boolean b = RouteOrder.order(blind.withOwners(owners))[0] != meritChoice;
      ownerBlind.replay(b);
      blindMoved |= b;
      if (policy) {
        boolean m = RouteOrder.order(in.withOwners(owners))[0] != choice;
        underPolicy.replay(m);
        policyMoved |= m;
      }
    }
    ownerBlind.decision(id, blindMoved);
    if (policy) {
      underPolicy.decision(id, policyMoved);
    }
  }

  private List<int[]> permutationsFor(String id, int k) {
    if (k <= MAX_EXHAUSTIVE_OWNERS) {
      return ALL_PERMUTATIONS.get(k);
    }
    SplittableRandom rnd = new SplittableRandom(seed ^ (id.hashCode() * 0x9E3779B97F4A7C15L));
    List<int[]> out = new ArrayList<>(RANDOM_PERMUTATIONS);
    for (int n = 0; n < RANDOM_PERMUTATIONS; n++) {
      int[] p = new int[k];
      for (int i = 0; i < k; i++) {
        p[i] = i;
      }
      for (int i = k - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      out.add(p);
    }
    return out;
  }

  private static void permutations(int[] p, boolean[] used, int at, List<int[]> out) {
    if (at == p.length) {
      out.add(p.clone());
      return;
    }
    for (int i = 0; i < p.length; i++) {
      if (!used[i]) {
        used[i] = true;
        p[at] = i;
        permutations(p, used, at + 1, out);
        used[i] = false;
      }
    }
  }

  private void mismatch(String id, List<String> recorded, List<String> replayed, String why) {
    if (mismatches.size() < MAX_LISTED) {
      mismatches.add(new Mismatch(id, recorded == null ? List.of() : List.copyOf(recorded), replayed, why));
    } else {
      notListed++;
    }
  }

  private static List<String> ids(RouteInputs in, int[] order) {
    List<String> out = new ArrayList<>(order.length);
    for (int i : order) {
      out.add(in.candidates().get(i).model());
    }
    return out;
  }

  static Double share(long n, long of) {
    return of == 0 ? null : (double) n / of;
  }

  static String pct(Double share) {
    return share == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * share);
  }

  /** Tallies of one kind of permuted replay. */
  private static final class Replays {
    long decisions;
    long replays;
    long identical;
    long decisionsMoved;
    final List<String> moved = new ArrayList<>();

    void replay(boolean movedChoice) {
      replays++;
      if (!movedChoice) {
        identical++;
      }
    }

    void decision(String id, boolean movedChoice) {
      decisions++;
      if (movedChoice) {
        decisionsMoved++;
        if (moved.size() < MAX_LISTED) {
          moved.add(id);
        }
      }
    }

    Invariance result() {
      return new Invariance(decisions, replays, identical, share(identical, replays), decisionsMoved, List.copyOf(moved));
    }
  }
}
