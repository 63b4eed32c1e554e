package dev.fairway.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurveTest {
  static double[] p(double c, double q) {
    return new double[] {c, q};
  }

  @Test
  void theHullDropsPointsBelowAChordAndPastTheBestQuality() {
    Curve c = Curve.of(List.of(p(1, 0.5), p(2, 0.55), p(3, 0.8), p(10, 0.9), p(20, 0.85), p(4, 0.6)));
    assertThat(c.hull()).extracting(x -> x[0]).containsExactly(1.0, 3.0, 10.0);
  }

  @Test
  void qualityAtInterpolatesOnTheHullAndIsFlatOutside() {
    Curve c = Curve.of(List.of(p(1, 0.5), p(3, 0.7)));
    assertThat(c.qualityAt(2)).isCloseTo(0.6, within(1e-12));
    assertThat(c.qualityAt(0.1)).isEqualTo(0.5);
    assertThat(c.qualityAt(100)).isEqualTo(0.7);
  }

  @Test
  void costAtFindsTheCheapestCostReachingAQuality() {
    Curve c = Curve.of(List.of(p(1, 0.5), p(3, 0.7)));
    assertThat(c.costAt(0.6)).isCloseTo(2, within(1e-12));
    assertThat(c.costAt(0.4)).isEqualTo(1);
    assertThat(c.costAt(0.71)).isNaN();
  }

  @Test
  void aiqIsTheMeanOverALogSpacedGrid() {
    Curve flat = Curve.of(List.of(p(1, 0.6)));
    assertThat(flat.aiq(0.1, 10, 50)).isCloseTo(0.6, within(1e-12));
    // Linear in cost from (1, 0) to (100, 1): on a log grid from 1 to 100 half the points lie below 10.
    Curve lin = Curve.of(List.of(p(1, 0), p(100, 1)));
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      expected += (Math.pow(10, i) - 1) / 99.0;
    }
    assertThat(lin.aiq(1, 100, 3)).isCloseTo(expected / 3, within(1e-12));
  }
}
