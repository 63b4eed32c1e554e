package dev.fairway.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fairway.routing.Objective;
import java.util.List;
import org.junit.jupiter.api.Test;

class StickinessTest {
  private static final double NAN = Double.NaN;

  /** Two models: "cheap" (column 0) and "strong" (column 1); quality-only routing picks by prediction. */
  private static OutcomeData data(List<String> tasks, double[][] scores, double[][] costs) {
    List<String> ids = tasks.stream().map(t -> t + "-" + Math.random()).toList();
    return new OutcomeData(ids, tasks, tasks, List.of("cheap", "strong"), scores, costs);
  }

  @Test
  void sessionsAreRunsOfOneTaskCutToLengthWithTheShortTailDropped() {
    List<int[]> s = Stickiness.sessions(List.of("a", "a", "a", "b", "b", "a", "a"), 2);
    assertThat(s).hasSize(3);
    assertThat(s.get(0)).containsExactly(0, 1);
    assertThat(s.get(1)).containsExactly(3, 4);
    assertThat(s.get(2)).containsExactly(5, 6);
  }

  @Test
  void stickyKeepsTheFirstTurnsModelAndCountsTheTurnsWhereThatDiffers() {
    // Predictions alternate which model is better; per-turn routing switches every turn.
    double[][] predicted = {{0.9, 0.1}, {0.1, 0.9}, {0.9, 0.1}, {0.1, 0.9}};
    double[][] cost = {{1, 2}, {1, 2}, {1, 2}, {1, 2}};
    OutcomeData truth = data(List.of("t", "t", "t", "t"), new double[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}},
        new double[][] {{0.001, 0.002}, {0.001, 0.002}, {0.001, 0.002}, {0.001, 0.002}});
    Stickiness.Figures f = Stickiness.replay(predicted, cost, new double[] {0.5, 0.5}, truth,
        new Objective.Utility(0, 0), 4, 0.1);

    assertThat(f.sessions()).isEqualTo(1);
    assertThat(f.perTurn().switchesPerSession()).isEqualTo(3);
    assertThat(f.sticky().switchesPerSession()).isZero();
    assertThat(f.keptShare()).isCloseTo(2.0 / 3, within(1e-9)); // turns 2 and 4 went another way
    assertThat(f.perTurn().quality()).isEqualTo(1.0);
    assertThat(f.sticky().quality()).isEqualTo(0.5); // what stickiness cost here: the per-turn wins
    // Sticky stays on "cheap": 4 turns at 0.001 = 1.0 per 1k turns; history 0.001+0.002+0.003 at 10%.
    assertThat(f.sticky().costPer1k()).isCloseTo(1.0, within(1e-9));
    assertThat(f.sticky().historyPer1k()).isCloseTo(1000 * 0.1 * (0.001 + 0.002 + 0.003) / 4, within(1e-9));
    // Per turn every turn switched model, so every turn re-sent its history in full.
    double perTurnHistory = (0.002) + (0.001 + 0.001) + (0.002 + 0.002 + 0.002);
    assertThat(f.perTurn().historyPer1k()).isCloseTo(1000 * perTurnHistory / 4, within(1e-9));
  }

  @Test
  void aStickyModelWithNoOutcomeForATurnIsReroutedAndKeptFromThere() {
    double[][] predicted = {{0.9, 0.1}, {0.9, 0.1}, {0.1, 0.9}};
    double[][] cost = {{1, 2}, {1, 2}, {1, 2}};
    OutcomeData truth = data(List.of("t", "t", "t"), new double[][] {{1, 0}, {NAN, 1}, {0, 1}},
        new double[][] {{0.001, 0.002}, {NAN, 0.002}, {0.001, 0.002}});
    Stickiness.Figures f = Stickiness.replay(predicted, cost, new double[] {0.5, 0.5}, truth,
        new Objective.Utility(0, 0), 3, 0.1);

    assertThat(f.sticky().switchesPerSession()).isEqualTo(1); // to "strong" at turn 2, kept at turn 3
    assertThat(f.sticky().quality()).isEqualTo(1.0);
  }
}
