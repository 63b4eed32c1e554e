package dev.fairway.eval;

import dev.fairway.routing.embed.Embedder;
import java.util.Locale;

/**
 * A deterministic stand-in for the ONNX embedder in eval tests: a bag of hashed words in 384
 * dimensions, unit length. Similar wording gives similar vectors, which is all the tests need.
 */
final class FakeEmbedder implements Embedder {
  @Override
  public String id() {
    return "fake-bag-of-words";
  }

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public float[] embed(String text) {
    float[] v = new float[384];
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
      if (!w.isEmpty()) {
        v[Math.floorMod(w.hashCode() * 31 + 7, 384)] += 1;
      }
    }
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(Math.max(n, 1e-12));
    }
    return v;
  }
}
