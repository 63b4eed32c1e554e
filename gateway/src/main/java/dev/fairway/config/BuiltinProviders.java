package dev.fairway.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fairway.catalog.ProviderConfig;
import dev.fairway.catalog.Protocol;
import dev.fairway.catalog.Secret;
/**
 * The providers Fairway enables by itself when their credentials are in the environment, so that
 * {@code fairway serve} needs no configuration file.
 */
final class BuiltinProviders {
  private BuiltinProviders() {}

  /** Environment variables that enable each built-in provider, for messages to the user. */
  static final Map<String, String> CREDENTIAL_HINTS = Map.of(
      "openai", "OPENAI_API_KEY",
      "anthropic", "ANTHROPIC_API_KEY",
      "bedrock", "AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws/credentials)"
          + " or Bedrock API key (AWS_BEARER_TOKEN_BEDROCK)",
      "gemini", "GEMINI_API_KEY",
      "mistral", "MISTRAL_API_KEY",
      "groq", "GROQ_API_KEY");

  static boolean isBuiltin(String id) {
    return CREDENTIAL_HINTS.containsKey(id);
  }

  /** The built-in providers whose credentials are present, in a stable order. */
  static Map<String, ProviderConfig> fromEnvironment(Map<String, String> env, List<String> notes) {
    Map<String, ProviderConfig> out = new LinkedHashMap<>();
    String key = value(env, "OPENAI_API_KEY", notes);
    if (key != null) {
      out.put("openai", simple("openai", Protocol.OPENAI,
          orDefault(value(env, "OPENAI_BASE_URL", notes), "https://api.openai.com/v1"), key, null, null));
    }
    key = value(env, "ANTHROPIC_API_KEY", notes);
    if (key != null) {
      out.put("anthropic", simple("anthropic", Protocol.ANTHROPIC,
          orDefault(value(env, "ANTHROPIC_BASE_URL", notes), "https://api.anthropic.com"), key, "2023-06-01", null));
    }
    // A Bedrock API key, like the AWS SDKs, takes precedence over the SigV4 provider chain.
    String bedrockKey = value(env, "AWS_BEARER_TOKEN_BEDROCK", notes);
    if (bedrockKey != null || hasAwsCredentials(env)) {
      String region = orDefault(env.get("AWS_REGION"), orDefault(env.get("AWS_DEFAULT_REGION"), "us-east-1"));
      out.put("bedrock", new ProviderConfig("bedrock", Protocol.BEDROCK,
          URI.create(orDefault(value(env, "BEDROCK_BASE_URL", notes), "https://bedrock-runtime." + region + ".amazonaws.com")),
          bedrockKey == null ? null : new Secret(bedrockKey), Map.of(), null, region, 0, null, false));
    }
    key = value(env, "GEMINI_API_KEY", notes);
    if (key == null) {
      key = value(env, "GOOGLE_API_KEY", notes);
    }
    if (key != null) {
      out.put("gemini", simple("gemini", Protocol.GEMINI,
          orDefault(value(env, "GEMINI_BASE_URL", notes), "https://generativelanguage.googleapis.com"), key, null, null));
    }
    key = value(env, "MISTRAL_API_KEY", notes);
    if (key != null) {
      out.put("mistral", simple("mistral", Protocol.OPENAI, "https://api.mistral.ai/v1", key, null, null));
    }
    key = value(env, "GROQ_API_KEY", notes);
    if (key != null) {
      out.put("groq", simple("groq", Protocol.OPENAI, "https://api.groq.com/openai/v1", key, null, null));
    }
    for (String id : List.of("openai", "anthropic", "bedrock", "gemini")) {
      if (!out.containsKey(id)) {
        notes.add("provider " + id + " not enabled: no " + CREDENTIAL_HINTS.get(id) + " in the environment");
      }
    }
    return out;
  }

  private static ProviderConfig simple(String id, Protocol protocol, String baseUrl, String key, String version, String region) {
    return new ProviderConfig(id, protocol, URI.create(baseUrl), new Secret(key), Map.of(), version, region, 0, null, false);
  }

  private static boolean hasAwsCredentials(Map<String, String> env) {
    if (nonBlank(env.get("AWS_ACCESS_KEY_ID")) != null && nonBlank(env.get("AWS_SECRET_ACCESS_KEY")) != null) {
      return true;
    }
    if (nonBlank(env.get("AWS_PROFILE")) != null || nonBlank(env.get("AWS_WEB_IDENTITY_TOKEN_FILE")) != null
        || nonBlank(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")) != null
        || nonBlank(env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) != null) {
      return true;
    }
    String home = env.get("HOME");
    return home != null && Files.isRegularFile(Path.of(home, ".aws", "credentials"));
  }

  private static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * A credential or URL from the environment: surrounding whitespace (a newline from
   * {@code $(cat key.txt)}, say) is trimmed and said; a line break inside is refused, since it
   * could only make every call fail.
   */
  private static String value(Map<String, String> env, String name, List<String> notes) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    String t = v.strip();
    if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
      throw new ConfigException("environment", 0, name, "contains a line break (CR or LF); remove it");
    }
    if (!t.equals(v)) {
      notes.add(name + " had leading or trailing whitespace; it was trimmed");
    }
    return t;
  }

  private static String orDefault(String s, String d) {
    String v = nonBlank(s);
    return v == null ? d : v;
  }
}
