package dev.fairway.eval;

import dev.fairway.routing.Objective;
import java.util.ArrayList;
import java.util.List;

/**
 * What sticky routing costs and saves, replayed on single-turn outcome data. The data has no
 * conversations, so it makes them: consecutive prompts of one task (in the file's order) grouped
 * into sessions of {@code turns} prompts, the nearest a public benchmark comes to a user working
 * through one kind of problem. Each session is replayed twice with the gateway's own objective:
 *
 * <ul>
 *   <li><b>per turn</b>: every turn routed on its own (what a router without stickiness does);</li>
 *   <li><b>sticky</b>: the first turn routed, later turns kept on that model (re-routed only where
 *       the data has no outcome for it, the replay's stand-in for "the model failed").</li>
 * </ul>
 *
 * <p>Each turn is charged its recorded score and cost on the model that served it. What stickiness
 * saves is not in that single-turn cost: a real conversation re-sends its history every turn, and
 * a provider bills a cached prefix at a fraction of the input price only if the same model served
 * the previous turn. The replay estimates that history: turn {@code t}'s history is charged as the
 * recorded single-turn costs of turns {@code 0..t-1} on the model serving turn {@code t} (prompt
 * and answer, an upper bound on their input price), times {@code cachedFraction} when the model did
 * not change and in full when it did. Both parts are reported separately so the estimate can be
 * read apart from what was measured.
 */
public final class Stickiness {
  private Stickiness() {}

  /**
   * @param turns session length
   * @param sessions sessions replayed (a task's last, shorter run is dropped)
   * @param cachedFraction the share of the input price a cached prefix is billed at
   * @param perTurn every turn routed on its own
   * @param sticky turns kept on the session's first choice
   * @param keptShare of the turns after the first, the share where sticky served another model than
   *     per-turn routing would have chosen
   */
  public record Figures(int turns, int sessions, double cachedFraction, Path perTurn, Path sticky,
      double keptShare) {}

  /**
   * One policy's totals.
   *
   * @param quality mean recorded score per turn
   * @param costPer1k recorded single-turn cost per 1,000 turns
   * @param historyPer1k the estimated cost of re-sent history per 1,000 turns
   * @param switchesPerSession mean number of turns that changed model
   */
  public record Path(double quality, double costPer1k, double historyPer1k, double switchesPerSession) {
    public double totalPer1k() {
      return costPer1k + historyPer1k;
    }
  }

  public static Figures replay(double[][] quality, double[][] cost, double[] fallback, OutcomeData truth,
      Objective objective, int turns, double cachedFraction) {
    List<int[]> sessions = sessions(truth.tasks(), turns);
    int n = truth.size();
    int[] best = new int[n];
    for (int i = 0; i < n; i++) {
      best[i] = Replay.pick(quality[i], cost[i], fallback, truth, i, objective);
    }
    Totals per = new Totals();
    Totals st = new Totals();
    long later = 0;
    long kept = 0;
    for (int[] s : sessions) {
      int[] a = new int[s.length];
      int[] b = new int[s.length];
      for (int t = 0; t < s.length; t++) {
        a[t] = best[s[t]];
        boolean usable = t > 0 && !Double.isNaN(truth.scores()[s[t]][b[t - 1]]);
        b[t] = usable ? b[t - 1] : best[s[t]];
        if (t > 0) {
          later++;
          kept += b[t] != a[t] ? 1 : 0;
        }
      }
      per.add(truth, s, a, cachedFraction);
      st.add(truth, s, b, cachedFraction);
    }
    return new Figures(turns, sessions.size(), cachedFraction, per.path(sessions.size()), st.path(sessions.size()),
        later == 0 ? 0 : (double) kept / later);
  }

  /** Runs of one task in file order, cut into sessions of exactly {@code turns} rows. */
  static List<int[]> sessions(List<String> tasks, int turns) {
    List<int[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= tasks.size(); i++) {
      if (i == tasks.size() || !tasks.get(i).equals(tasks.get(start))) {
        for (int s = start; s + turns <= i; s += turns) {
          int[] rows = new int[turns];
          for (int t = 0; t < turns; t++) {
            rows[t] = s + t;
          }
          out.add(rows);
        }
        start = i;
      }
    }
    return out;
  }

  private static final class Totals {
    double score;
    double cost;
    double history;
    long switches;
    long count;

    void add(OutcomeData truth, int[] rows, int[] model, double cachedFraction) {
      for (int t = 0; t < rows.length; t++) {
        int i = rows[t];
        int j = model[t];
        score += truth.scores()[i][j];
        cost += truth.costs()[i][j];
        count++;
        boolean changed = t > 0 && model[t] != model[t - 1];
        switches += changed ? 1 : 0;
        double h = 0;
        for (int s = 0; s < t; s++) {
          double c = truth.costs()[rows[s]][j];
          h += Double.isNaN(c) ? truth.costs()[rows[s]][model[s]] : c;
        }
        history += changed ? h : h * cachedFraction;
      }
    }

    Path path(int sessions) {
      return new Path(count == 0 ? 0 : score / count, count == 0 ? 0 : 1000 * cost / count,
          count == 0 ? 0 : 1000 * history / count, sessions == 0 ? 0 : (double) switches / sessions);
    }
  }
}
