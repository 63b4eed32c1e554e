package dev.fairway.routing;

/**
 * What the router learns from a prompt's embedding: the trained model's predicted quality of each
 * outcome-data model and the recognised task class. Computed where the embedding is (the
 * embedding worker, off the event loop), so a decision on the event loop only filters and orders.
 *
 * @param quality predicted quality by the router model's columns, or null without a model
 * @param task the recognised task class, or null
 */
public record PromptSignals(double[] quality, TaskClassifier.Match task) {
  public static final PromptSignals NONE = new PromptSignals(null, null);
}
