package dev.fairway.eval;

import dev.fairway.routing.quality.Projection;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/** Principal components of a set of embeddings, as the router's {@link Projection}. */
final class Pca {
  private Pca() {}

  static Projection fit(float[][] x, int components) {
    int n = x.length;
    int d = x[0].length;
    int k = Math.min(components, d);
    double[] mean = new double[d];
    for (float[] row : x) {
      for (int c = 0; c < d; c++) {
        mean[c] += row[c];
      }
    }
    for (int c = 0; c < d; c++) {
      mean[c] /= n;
    }
    DMatrixRMaj cov = new DMatrixRMaj(d, d);
    double[] centred = new double[d];
    double[] data = cov.data;
    for (float[] row : x) {
      for (int c = 0; c < d; c++) {
        centred[c] = row[c] - mean[c];
      }
      for (int r = 0; r < d; r++) {
        double v = centred[r];
        int base = r * d;
        for (int c = r; c < d; c++) {
          data[base + c] += v * centred[c];
        }
      }
    }
    for (int r = 0; r < d; r++) {
      for (int c = r; c < d; c++) {
        double v = data[r * d + c] / n;
        data[r * d + c] = v;
        data[c * d + r] = v;
      }
    }
    // The covariance is symmetric positive semi-definite, so its SVD is its eigendecomposition; the
    // SVD also copes with the exactly singular covariances that sparse or duplicated data give.
    SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(d, d, false, true, true);
    if (!svd.decompose(cov)) {
      throw new IllegalStateException("decomposition of the embedding covariance failed");
    }
    double[] sv = svd.getSingularValues();
    DMatrixRMaj vt = svd.getV(null, true);
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(sv[b], sv[a]));
    float[] comps = new float[k * d];
    for (int r = 0; r < k; r++) {
      int row = order[r];
      // Fix each component's sign (largest entry positive) so that training is reproducible.
      int arg = 0;
      for (int c = 1; c < d; c++) {
        if (Math.abs(vt.get(row, c)) > Math.abs(vt.get(row, arg))) {
          arg = c;
        }
      }
      double sign = vt.get(row, arg) < 0 ? -1 : 1;
      for (int c = 0; c < d; c++) {
        comps[r * d + c] = (float) (sign * vt.get(row, c));
      }
    }
    float[] m = new float[d];
    for (int c = 0; c < d; c++) {
      m[c] = (float) mean[c];
    }
    return new Projection(d, k, m, comps);
  }
}
