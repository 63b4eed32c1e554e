package dev.fairway.eval;

import dev.fairway.catalog.Capabilities;
import dev.fairway.routing.Merit;
import dev.fairway.routing.Objective;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a router on outcome data: for every prompt and every setting of the router's knob, the
 * same {@link Objective} the gateway uses picks one model from the owner-blind merit view, and the
 * prompt is charged that model's recorded score and cost. The knob settings trace the curve.
 */
public final class Replay {
  private Replay() {}

  /** Utility objectives with λ from 0 (quality only) through a log grid to ∞ (cost only). */
  public static List<Objective> utilityKnob() {
    List<Objective> k = new ArrayList<>();
    k.add(new Objective.Utility(0, 0));
    for (int i = 0; i <= 80; i++) {
      k.add(new Objective.Utility(Math.pow(10, -1 + 8.0 * i / 80), 0));
    }
    k.add(new Objective.Utility(Double.POSITIVE_INFINITY, 0));
    return k;
  }

  /** Threshold objectives with Δ from 0 to 1. */
  public static List<Objective> thresholdKnob() {
    List<Objective> k = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      k.add(new Objective.Threshold(i / 100.0));
    }
    return k;
  }

  /**
   * @param quality predicted quality, prompts × models (NaN: unknown, replaced by {@code fallback})
   * @param cost predicted cost, prompts × models
   * @param fallback per-model quality used where {@code quality} is NaN (training means)
   */
  public static Curve sweep(double[][] quality, double[][] cost, double[] fallback, OutcomeData truth,
      List<Objective> knob) {
    int n = truth.size();
    double[] sumCost = new double[knob.size()];
    double[] sumScore = new double[knob.size()];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < knob.size(); k++) {
        int j = pick(quality[i], cost[i], fallback, truth, i, knob.get(k));
        sumCost[k] += truth.costs()[i][j];
        sumScore[k] += truth.scores()[i][j];
      }
    }
    List<double[]> pts = new ArrayList<>(knob.size());
    for (int k = 0; k < knob.size(); k++) {
      pts.add(new double[] {1000 * sumCost[k] / n, sumScore[k] / n});
    }
    return Curve.of(pts);
  }

  /**
   * The model column {@code objective} picks for prompt {@code i} from the owner-blind merit view of
   * the models measured on it (as the gateway would: predicted quality, predicted cost).
   */
  static int pick(double[] quality, double[] cost, double[] fallback, OutcomeData truth, int i, Objective objective) {
    List<Merit> view = new ArrayList<>(truth.modelCount());
    int[] column = new int[truth.modelCount()];
    for (int j = 0; j < truth.modelCount(); j++) {
      if (Double.isNaN(truth.scores()[i][j])) {
        continue; // the model was not measured on this prompt: it cannot be replayed
      }
      double q = Double.isNaN(quality[j]) ? fallback[j] : quality[j];
      column[view.size()] = j;
      view.add(new Merit(Double.isNaN(q) ? 0 : q, cost[j], Double.NaN, Capabilities.ALL, true));
    }
    return column[objective.order(view)[0]];
  }
}
