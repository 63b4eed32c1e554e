package dev.fairway.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * The one function that turns a router's recorded inputs into the order dispatch tries the
 * candidates: the house policy's disclosed transform of merit (if any), the objective over the
 * owner-blind merit view, then candidates over the latency SLO moved last, then a sticky
 * conversation's model moved first. The router and the counterfactual audit both call it, so a
 * replay runs exactly the code that decided.
 */
public final class RouteOrder {
  private RouteOrder() {}

  /** Indexes into {@code in.candidates()}, best first. */
  public static int[] order(RouteInputs in) {
    List<Merit> view = new ArrayList<>(in.candidates().size());
    for (RouteInputs.Candidate c : in.candidates()) {
      view.add(in.policy().apply(c.merit(), c.owner()));
    }
    int[] order = demoteSlow(in.objective().order(view), view, in.maxTtftMs());
    return in.sticky() == null ? order : first(order, in, in.sticky());
  }

  /** The order merit alone gives (no house policy): what the audit compares a policy's choices with. */
  public static int[] meritOnly(RouteInputs in) {
    return order(in.withPolicy(HousePolicy.NONE));
  }

  /** The chosen candidate's model id. */
  public static String choice(RouteInputs in) {
    return in.candidates().get(order(in)[0]).model();
  }

  private static int[] first(int[] order, RouteInputs in, String model) {
    int at = -1;
    for (int i = 0; i < order.length; i++) {
      if (in.candidates().get(order[i]).model().equals(model)) {
        at = i;
        break;
      }
    }
    if (at <= 0) {
      return order;
    }
    int[] out = new int[order.length];
    out[0] = order[at];
    for (int i = 0, n = 1; i < order.length; i++) {
      if (i != at) {
        out[n++] = order[i];
      }
    }
    return out;
  }

  /** Stable: candidates expected over the SLO keep their relative order but go after the rest. */
  static int[] demoteSlow(int[] order, List<Merit> view, double maxTtftMs) {
    if (maxTtftMs <= 0) {
      return order;
    }
    int[] out = new int[order.length];
    int n = 0;
    for (int i : order) {
      if (!slow(view.get(i), maxTtftMs)) {
        out[n++] = i;
      }
    }
    for (int i : order) {
      if (slow(view.get(i), maxTtftMs)) {
        out[n++] = i;
      }
    }
    return out;
  }

  static boolean slow(Merit m, double maxTtftMs) {
    return !Double.isNaN(m.ttftMs()) && m.ttftMs() > maxTtftMs;
  }
}
