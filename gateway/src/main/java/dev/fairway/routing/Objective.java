package dev.fairway.routing;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the merit of the surviving candidates into the order dispatch tries them: the first is
 * the choice, the rest the fallback plan. Objectives see {@link Merit} only, never who makes a
 * model. Ties are broken on merit (lower cost, then lower latency, then higher quality) and only
 * then on position, so declaration order decides nothing while merit differs.
 */
public sealed interface Objective {

  /** Indexes into {@code view}, best first; every index exactly once. */
  int[] order(List<Merit> view);

  /** A short description for headers and tables, e.g. {@code threshold(delta=0.05)}. */
  String describe();

  /**
   * The cheapest candidate whose predicted quality is within {@code delta} of the best predicted
   * quality (the way Bedrock's and Azure's prompt routers trade quality for cost). Candidates
   * within the band come first, cheapest first; the rest follow by quality.
   */
  record Threshold(double delta) implements Objective {
    public Threshold {
      if (!(delta >= 0 && delta <= 1)) {
        throw new IllegalArgumentException("delta must be in [0, 1], got " + delta);
      }
    }

    @Override
    public int[] order(List<Merit> view) {
      double best = Double.NEGATIVE_INFINITY;
      for (Merit m : view) {
        best = Math.max(best, m.quality());
      }
      double floor = best - delta - 1e-12;
      Comparator<Integer> inBandFirst = Comparator.comparing(i -> view.get(i).quality() < floor);
      Comparator<Integer> byCost = Comparator.comparingDouble(i -> view.get(i).costUsd());
      Comparator<Integer> byQuality = Comparator.comparingDouble(i -> -view.get(i).quality());
      return sorted(view, inBandFirst.thenComparing((a, b) -> {
        boolean band = view.get(a).quality() >= floor;
        return band ? byCost.compare(a, b) : byQuality.compare(a, b);
      }));
    }

    @Override
    public String describe() {
      return "threshold(delta=" + trim(delta) + ")";
    }
  }

  /**
   * Highest {@code quality − lambda·costUsd − mu·latencySeconds}: {@code lambda} says how much
   * quality one dollar per request is worth, {@code mu} the same for one second of waiting.
   */
  record Utility(double lambda, double mu) implements Objective {
    public Utility {
      if (!(lambda >= 0) || !(mu >= 0) || Double.isInfinite(mu)) {
        throw new IllegalArgumentException("lambda and mu must be >= 0");
      }
    }

    public double utility(Merit m) {
      double costTerm = lambda == Double.POSITIVE_INFINITY ? 0 : lambda * m.costUsd();
      return m.quality() - costTerm - mu * m.latencySeconds();
    }

    @Override
    public int[] order(List<Merit> view) {
      Comparator<Integer> c = lambda == Double.POSITIVE_INFINITY
          ? Comparator.comparingDouble(i -> view.get(i).costUsd())
          : Comparator.comparingDouble(i -> -utility(view.get(i)));
      return sorted(view, c);
    }

    @Override
    public String describe() {
      return "utility(lambda=" + trim(lambda) + ",mu=" + trim(mu) + ")";
    }
  }

  /**
   * The operator's declared order (a task rule's candidate list): candidates keep the order they
   * were given in. It ranks by declared position, which the operator wrote down and discloses
   * in configuration; it still cannot read an owner.
   */
  record Declared() implements Objective {
    @Override
    public int[] order(List<Merit> view) {
      int[] o = new int[view.size()];
      Arrays.setAll(o, i -> i);
      return o;
    }

    @Override
    public String describe() {
      return "declared-order";
    }
  }

  private static int[] sorted(List<Merit> view, Comparator<Integer> primary) {
    Integer[] idx = new Integer[view.size()];
    Arrays.setAll(idx, i -> i);
    Comparator<Integer> ties = Comparator.<Integer>comparingDouble(i -> view.get(i).costUsd())
        .thenComparingDouble(i -> view.get(i).latencySeconds())
        .thenComparingDouble(i -> -view.get(i).quality())
        .thenComparingInt(i -> i);
    Arrays.sort(idx, primary.thenComparing(ties));
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  private static String trim(double d) {
    if (d == Double.POSITIVE_INFINITY) {
      return "inf";
    }
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
