package dev.fairway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fairway.routing.quality.KnnPredictor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KnnPredictorTest {
  static float[] unit(SplittableRandom r, int d) {
    float[] v = new float[d];
    double n = 0;
    for (int i = 0; i < d; i++) {
      v[i] = (float) r.nextGaussian();
      n += v[i] * v[i];
    }
    for (int i = 0; i < d; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }

  @Test
  void predictsTheSimilarityWeightedMeanOfTheExactTopK() {
    SplittableRandom r = new SplittableRandom(3);
    int d = 16;
    int rows = 500;
    int m = 3;
    float[][] pts = new float[rows][];
    float[] flat = new float[rows * d];
    float[] scores = new float[rows * m];
    for (int i = 0; i < rows; i++) {
      pts[i] = unit(r, d);
      System.arraycopy(pts[i], 0, flat, i * d, d);
      for (int j = 0; j < m; j++) {
        scores[i * m + j] = j == 2 && i % 3 == 0 ? Float.NaN : (float) r.nextDouble();
      }
    }
    KnnPredictor knn = new KnnPredictor(d, m, flat, scores, 25);
    for (int q = 0; q < 20; q++) {
      float[] z = unit(r, d);
      double[] sims = IntStream.range(0, rows).mapToDouble(i -> dot(z, pts[i])).toArray();
      Integer[] order = IntStream.range(0, rows).boxed().toArray(Integer[]::new);
      Arrays.sort(order, Comparator.comparingDouble(i -> -sims[i]));
      double[] expected = new double[m];
      for (int j = 0; j < m; j++) {
        double s = 0;
        double w = 0;
        for (int t = 0; t < 25; t++) {
          int i = order[t];
          float v = scores[i * m + j];
          if (!Float.isNaN(v)) {
            s += Math.max(sims[i], 0) * v;
            w += Math.max(sims[i], 0);
          }
        }
        expected[j] = s / w;
      }
      double[] got = new double[m];
      knn.predict(z, got);
      for (int j = 0; j < m; j++) {
        assertThat(got[j]).isCloseTo(expected[j], within(1e-5));
      }
      KnnPredictor.Neighbours nb = knn.neighbours(z, 40);
      assertThat(nb.rows()).hasSize(40);
      assertThat(nb.rows()[0]).isEqualTo(order[0]);
      for (int t = 1; t < 40; t++) {
        assertThat(nb.similarities()[t]).isLessThanOrEqualTo(nb.similarities()[t - 1]);
      }
      double[] viaNeighbours = new double[m];
      knn.aggregate(nb, 25, viaNeighbours);
      for (int j = 0; j < m; j++) {
        assertThat(viaNeighbours[j]).isCloseTo(got[j], within(1e-9));
      }
    }
  }

  @Test
  void aModelWithNoMeasuredNeighbourIsUnknown() {
    KnnPredictor knn = new KnnPredictor(2, 2, new float[] {1, 0, 0, 1}, new float[] {1, Float.NaN, 0, Float.NaN}, 2);
    double[] out = new double[2];
    knn.predict(new float[] {1, 0}, out);
    assertThat(out[0]).isEqualTo(1.0);
    assertThat(out[1]).isNaN();
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
