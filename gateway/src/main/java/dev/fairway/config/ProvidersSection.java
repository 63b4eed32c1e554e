package dev.fairway.config;

import dev.fairway.catalog.AwsAuth;
import dev.fairway.catalog.Protocol;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.catalog.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates the {@code providers:} section: the built-in providers the environment enables, then
 * the declared ones (which replace a built-in of the same id). Keys, header values and URLs with a
 * line break or surrounding whitespace are refused here, not discovered as failed calls.
 */
final class ProvidersSection {
  private ProvidersSection() {}

  static Map<String, ProviderConfig> read(YamlSource src, Map<String, RawConfig.Provider> declared,
      Map<String, String> env, List<String> notes) {
    Map<String, ProviderConfig> providers = new LinkedHashMap<>(BuiltinProviders.fromEnvironment(env, notes));
    if (declared != null) {
      declared.forEach((id, p) -> providers.put(id, provider(src, id, p)));
    }
    return providers;
  }

  private static ProviderConfig provider(YamlSource src, String id, RawConfig.Provider p) {
    String at = "/providers/" + YamlSource.escape(id);
    if (p == null) {
      throw src.error(at, "provider '" + id + "' has no settings (protocol:, base_url:, api_key:...)");
    }
    if (blank(p.protocol())) {
      throw src.error(at, "provider '" + id + "' needs a protocol (openai, azure-openai, anthropic, bedrock, gemini)");
    }
    Protocol protocol = Protocol.parse(p.protocol()).orElseThrow(() -> src.error(at + "/protocol",
        "unknown protocol " + src.show(at + "/protocol", p.protocol())
            + " (expected openai, azure-openai, anthropic, bedrock or gemini)"));
    String region = ValueChecks.clean(src, at + "/region", p.region());
    String base = ValueChecks.clean(src, at + "/base_url", p.baseUrl());
    String version = ValueChecks.clean(src, at + "/api_version", p.apiVersion());
    String apiKey = ValueChecks.clean(src, at + "/api_key", p.apiKey());
    switch (protocol) {
      case OPENAI, AZURE_OPENAI -> {
        if (blank(base)) {
          throw src.error(at, "provider '" + id + "' needs a base_url (e.g. https://api.openai.com/v1)");
        }
        if (protocol == Protocol.AZURE_OPENAI && blank(version)) {
          version = "2024-10-21";
        }
      }
      case ANTHROPIC -> {
        base = blank(base) ? "https://api.anthropic.com" : base;
        version = blank(version) ? "2023-06-01" : version;
      }
      case GEMINI -> base = blank(base) ? "https://generativelanguage.googleapis.com" : base;
      case BEDROCK -> {
        if (blank(region)) {
          throw src.error(at, "provider '" + id + "' needs a region (e.g. us-east-1)");
        }
        base = blank(base) ? "https://bedrock-runtime." + region + ".amazonaws.com" : base;
      }
    }
    URI uri;
    try {
      uri = URI.create(stripTrailingSlash(base));
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw src.error(at + "/base_url", "not an http(s) URL: " + src.show(at + "/base_url", base));
    }
    boolean needsKey = protocol == Protocol.AZURE_OPENAI || protocol == Protocol.ANTHROPIC || protocol == Protocol.GEMINI;
    if (needsKey && blank(apiKey)) {
      throw src.error(at, "provider '" + id + "' needs an api_key (write api_key: ${ENV_VAR} to read it from the environment)");
    }
    int maxConn = p.maxConnections() == null ? 0 : p.maxConnections();
    if (p.maxConnections() != null && maxConn <= 0) {
      throw src.error(at + "/max_connections", "must be positive, got " + maxConn);
    }
    Duration connect = p.connectTimeoutMs() == null ? null : Duration.ofMillis(p.connectTimeoutMs());
    return new ProviderConfig(id, protocol, uri, blank(apiKey) ? null : new Secret(apiKey),
        headers(src, at + "/headers", p.headers()), version, region, maxConn, connect, false,
        awsAuth(src, at, id, protocol, p));
  }

  private static Map<String, String> headers(YamlSource src, String at, Map<String, String> headers) {
    if (headers == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      String hat = at + "/" + YamlSource.escape(name);
      ValueChecks.headerName(src, hat, name);
      if (value == null) {
        throw src.error(hat, "a header needs a value");
      }
      out.put(name, ValueChecks.clean(src, hat, value));
    });
    return out;
  }

  /** Explicit AWS credentials of a Bedrock provider, or null for the default provider chain. */
  private static AwsAuth awsAuth(YamlSource src, String at, String id, Protocol protocol, RawConfig.Provider p) {
    String keyId = ValueChecks.clean(src, at + "/aws_access_key_id", p.awsAccessKeyId());
    String secret = ValueChecks.clean(src, at + "/aws_secret_access_key", p.awsSecretAccessKey());
    String token = ValueChecks.clean(src, at + "/aws_session_token", p.awsSessionToken());
    String profile = ValueChecks.clean(src, at + "/aws_profile", p.awsProfile());
    boolean keys = !blank(keyId) || !blank(secret);
    boolean any = keys || !blank(token) || !blank(profile);
    if (!any) {
      return null;
    }
    if (protocol != Protocol.BEDROCK) {
      throw src.error(at, "provider '" + id + "': aws_* credentials are only for protocol bedrock");
    }
    if (keys && (blank(keyId) || blank(secret))) {
      throw src.error(at, "provider '" + id + "' needs both aws_access_key_id and aws_secret_access_key");
    }
    if (!keys && !blank(token)) {
      throw src.error(at + "/aws_session_token", "a session token needs aws_access_key_id and aws_secret_access_key");
    }
    if (keys && !blank(profile)) {
      throw src.error(at + "/aws_profile", "give either aws_access_key_id/aws_secret_access_key or aws_profile, not both");
    }
    return keys
        ? new AwsAuth(keyId, new Secret(secret), blank(token) ? null : new Secret(token), null)
        : new AwsAuth(null, null, null, profile);
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
