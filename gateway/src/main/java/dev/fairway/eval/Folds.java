package dev.fairway.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A seeded random partition of rows into k folds, for cross-validation. */
record Folds(int[][] test) {

  static Folds of(int n, int k, long seed) {
    if (k < 2 || k > n) {
      throw new IllegalArgumentException("cross-validation needs 2 <= folds <= prompts, got " + k + " for " + n);
    }
    int[] p = new int[n];
    Arrays.setAll(p, i -> i);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    int[][] test = new int[k][];
    for (int f = 0; f < k; f++) {
      int size = (n - f + k - 1) / k;
      test[f] = new int[size];
      for (int i = 0; i < size; i++) {
        test[f][i] = p[f + i * k];
      }
      Arrays.sort(test[f]);
    }
    return new Folds(test);
  }

  int count() {
    return test.length;
  }

  int[] train(int f, int n) {
    boolean[] out = new boolean[n];
    for (int i : test[f]) {
      out[i] = true;
    }
    int[] tr = new int[n - test[f].length];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (!out[i]) {
        tr[k++] = i;
      }
    }
    return tr;
  }
}
