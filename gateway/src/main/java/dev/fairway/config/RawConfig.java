package dev.fairway.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * {@code fairway.yaml} exactly as written (snake_case keys), before validation. Only the loader
 * sees these; the rest of the gateway gets the validated records.
 */
final class RawConfig {
  private RawConfig() {}

  record File(
      Server server,
      Map<String, Provider> providers,
      List<Model> models,
      Map<String, String> aliases,
      Map<String, List<String>> fallbacks,
      CatalogOptions catalog,
      Dispatch dispatch,
      Routing routing,
      Map<String, Router> routers,
      Storage storage,
      Ledger ledger,
      Transparency transparency) {}

  record Routing(
      String modelFile,
      Map<String, String> modelMap,
      String embedder,
      Integer windowChars,
      Integer expectedOutputTokens,
      Map<String, Double> presets,
      Double minTaskSimilarity,
      HousePolicy housePolicy,
      Sticky sticky) {}

  record HousePolicy(List<String> owners, Double qualityBonus, Double priceDiscount) {}

  record Sticky(Boolean enabled, Long ttlSeconds, Integer maxSessions) {}

  record Storage(String path, String url, String user, String password, Integer poolSize) {}

  record Ledger(Boolean enabled, Boolean storeContent, Integer retentionDays, Integer queueCapacity, Integer batchSize,
      Long flushIntervalMs, Long fsyncIntervalMs) {}

  record Transparency(Boolean enabled, String origin, Long checkpointIntervalMs) {}

  /** {@code tasks} is {@code builtin}, {@code none}, or a mapping of task names to {@link Task}. */
  record Router(
      List<String> candidates,
      Objective objective,
      Double maxTtftMs,
      Double maxCostUsd,
      List<String> regions,
      com.fasterxml.jackson.databind.JsonNode tasks) {}

  record Objective(String type, Double delta, Double lambda, Double mu) {}

  record Task(List<String> examples, List<String> candidates, Objective objective) {}

  record Dispatch(
      Integer maxAttempts,
      Long backoffInitialMs,
      Long backoffMaxMs,
      Double backoffMultiplier,
      Double backoffJitter,
      RetryBudget retryBudget,
      Breaker circuitBreaker,
      Long streamTtftTimeoutMs,
      Long streamIdleTimeoutMs,
      Long headersTimeoutMs) {}

  record RetryBudget(Double ratio, Integer minPerSecond) {}

  record Breaker(Integer consecutiveFailures, Double failureRate, Integer window, Integer minCalls, Long openMs,
      Integer probes) {}

  record Server(
      String host,
      Integer port,
      Long maxBodyBytes,
      Long requestTimeoutMs,
      Long maxBufferedBytes,
      String masterKey,
      String metricsToken,
      List<String> allowedHosts,
      Cors cors,
      Boolean allowPortReuse,
      Long idleTimeoutMs,
      Long bodyTimeoutMs,
      Long minBodyBytesPerSecond) {}

  record Cors(List<String> allowedOrigins, List<String> allowedHeaders, Long maxAgeSeconds) {}

  record CatalogOptions(Boolean builtin) {}

  record Provider(
      String protocol,
      String baseUrl,
      String apiKey,
      Map<String, String> headers,
      String apiVersion,
      String region,
      Integer maxConnections,
      Long connectTimeoutMs,
      // Bedrock only: explicit AWS credentials instead of the default provider chain.
      String awsAccessKeyId,
      String awsSecretAccessKey,
      String awsSessionToken,
      String awsProfile) {}

  record Model(
      String id,
      String owner,
      Prices prices,
      Integer contextWindow,
      Integer maxOutputTokens,
      List<String> capabilities,
      List<Deployment> deployments,
      Double quality,
      List<String> aliases,
      String balancing,
      Long hedgeAfterMs,
      Long ttftTimeoutMs,
      Long streamIdleTimeoutMs,
      Long headersTimeoutMs) {}

  record Prices(BigDecimal input, BigDecimal output, BigDecimal cachedInput, BigDecimal cacheWrite) {}

  record Deployment(String id, String provider, String model, Integer weight, Integer rpm, Integer tpm) {}
}
