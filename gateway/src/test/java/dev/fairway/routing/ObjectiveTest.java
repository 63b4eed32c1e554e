package dev.fairway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.catalog.Capabilities;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectiveTest {
  static Merit m(double q, double cost) {
    return new Merit(q, cost, Double.NaN, Capabilities.ALL, true);
  }

  static Merit m(double q, double cost, double ttftMs) {
    return new Merit(q, cost, ttftMs, Capabilities.ALL, true);
  }

  @Test
  void thresholdPicksTheCheapestWithinDeltaOfTheBest() {
    List<Merit> v = List.of(m(0.90, 0.010), m(0.87, 0.002), m(0.80, 0.0001));
    assertThat(new Objective.Threshold(0.05).order(v)).containsExactly(1, 0, 2);
    assertThat(new Objective.Threshold(0.0).order(v)[0]).isEqualTo(0);
    assertThat(new Objective.Threshold(0.2).order(v)[0]).isEqualTo(2);
  }

  @Test
  void thresholdOrdersCandidatesOutsideTheBandByQuality() {
    List<Merit> v = List.of(m(0.50, 0.0001), m(0.90, 0.01), m(0.70, 0.0002));
    assertThat(new Objective.Threshold(0.01).order(v)).containsExactly(1, 2, 0);
  }

  @Test
  void utilityTradesQualityAgainstCostAndLatency() {
    List<Merit> v = List.of(m(0.90, 0.004, 900), m(0.85, 0.0005, 300));
    // lambda 0: quality only
    assertThat(new Objective.Utility(0, 0).order(v)[0]).isEqualTo(0);
    // 0.05 quality is worth less than $0.0035 at lambda 50 (0.175)
    assertThat(new Objective.Utility(50, 0).order(v)[0]).isEqualTo(1);
    // latency alone can decide: 0.6 s slower at mu 0.1 costs 0.06 > 0.05
    assertThat(new Objective.Utility(0, 0.1).order(v)[0]).isEqualTo(1);
    assertThat(new Objective.Utility(Double.POSITIVE_INFINITY, 0).order(v)[0]).isEqualTo(1);
  }

  @Test
  void tiesAreBrokenOnMeritBeforePosition() {
    List<Merit> v = List.of(m(0.8, 0.002, 500), m(0.8, 0.002, 200), m(0.8, 0.001, 900));
    assertThat(new Objective.Utility(0, 0).order(v)).containsExactly(2, 1, 0);
    List<Merit> same = List.of(m(0.8, 0.002), m(0.8, 0.002));
    assertThat(new Objective.Threshold(0).order(same)).containsExactly(0, 1);
  }

  @Test
  void declaredOrderKeepsTheGivenOrder() {
    assertThat(new Objective.Declared().order(List.of(m(0.1, 1), m(0.9, 0)))).containsExactly(0, 1);
  }

  @Test
  void rejectsNonsensicalParameters() {
    assertThatThrownBy(() -> new Objective.Threshold(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Objective.Utility(-1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describesItselfInAsciiForHeaders() {
    assertThat(new Objective.Utility(50, 0).describe()).isEqualTo("utility(lambda=50,mu=0)");
    assertThat(new Objective.Threshold(0.05).describe()).isEqualTo("threshold(delta=0.05)");
  }
}
