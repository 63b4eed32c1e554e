package dev.fairway.catalog;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach one provider account: protocol, endpoint, credentials and connection limits.
 *
 * @param apiKey the credential, or null where the protocol finds its own (Bedrock: AWS provider chain)
 * @param apiVersion Azure OpenAI's {@code api-version}, Anthropic's {@code anthropic-version}, or null
 * @param region the cloud region (Bedrock), or null
 * @param simulated true for Fairway's own mock providers; every answer is then marked simulated
 * @param aws AWS credentials configured for this provider (Bedrock), or null for the default provider chain
 */
public record ProviderConfig(
    String id,
    Protocol protocol,
    URI baseUrl,
    Secret apiKey,
    Map<String, String> headers,
    String apiVersion,
    String region,
    int maxConnections,
    Duration connectTimeout,
    boolean simulated,
    AwsAuth aws) {

  public static final int DEFAULT_MAX_CONNECTIONS = 256;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  public ProviderConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(baseUrl, "baseUrl");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    if (maxConnections <= 0) {
      maxConnections = DEFAULT_MAX_CONNECTIONS;
    }
  }

  /** A provider without AWS credentials of its own (every protocol but Bedrock). */
  public ProviderConfig(String id, Protocol protocol, URI baseUrl, Secret apiKey, Map<String, String> headers,
      String apiVersion, String region, int maxConnections, Duration connectTimeout, boolean simulated) {
    this(id, protocol, baseUrl, apiKey, headers, apiVersion, region, maxConnections, connectTimeout, simulated, null);
  }

  public static ProviderConfig openAiCompatible(String id, URI baseUrl, Secret apiKey) {
    return new ProviderConfig(id, Protocol.OPENAI, baseUrl, apiKey, Map.of(), null, null, 0, null, false);
  }

  public ProviderConfig asSimulated() {
    return new ProviderConfig(id, protocol, baseUrl, apiKey, headers, apiVersion, region, maxConnections, connectTimeout, true,
        aws);
  }
}
