package dev.fairway.routing.embed;

/** Turns text into a unit-length vector. Thread-safe; {@link #embed} blocks while the model runs. */
public interface Embedder {
  /** A stable id recorded in router models, e.g. {@code all-minilm-l6-v2-q}. */
  String id();

  int dimension();

  float[] embed(String text);
}
