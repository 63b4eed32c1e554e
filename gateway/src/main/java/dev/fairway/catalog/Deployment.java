package dev.fairway.catalog;

/**
 * One place a model can be called: a provider and the model's name there (an Azure deployment
 * name, a Bedrock model id, an Ollama tag...). {@code weight} steers weighted load balancing.
 */
public record Deployment(String id, String provider, String upstreamModel, int weight) {
  public Deployment {
    if (weight < 0) {
      throw new IllegalArgumentException("weight must be >= 0");
    }
  }

  public static Deployment of(String provider, String upstreamModel) {
    return new Deployment(provider + "/" + upstreamModel, provider, upstreamModel, 1);
  }
}
