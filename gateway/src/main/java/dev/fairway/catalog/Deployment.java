package dev.fairway.catalog;

/**
 * One place a model can be called: a provider and the model's name there (an Azure deployment
 * name, a Bedrock model id, an Ollama tag...). {@code weight} steers weighted load balancing;
 * {@code rpm}/{@code tpm} are this deployment's request and token limits per minute (0: none),
 * which rate-limit-aware balancing respects before the provider has to say 429.
 */
public record Deployment(String id, String provider, String upstreamModel, int weight, int rpm, int tpm) {
  public Deployment {
    if (weight < 0 || rpm < 0 || tpm < 0) {
      throw new IllegalArgumentException("weight and limits must be >= 0");
    }
  }

  public Deployment(String id, String provider, String upstreamModel, int weight) {
    this(id, provider, upstreamModel, weight, 0, 0);
  }

  public static Deployment of(String provider, String upstreamModel) {
    return new Deployment(provider + "/" + upstreamModel, provider, upstreamModel, 1, 0, 0);
  }
}
