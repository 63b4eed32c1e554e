package dev.fairway.hostile;

import dev.fairway.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.Gateway;
import dev.fairway.config.ConfigLoader;
import dev.fairway.testing.Http;
import dev.fairway.testing.LogCapture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10 item 2: an upstream that echoes the gateway's credentials in every field of every error,
 * for every provider protocol, plain and mid-stream, and through both client protocols. None of
 * the credentials, in any form, reaches the client or the log. The keys have no recognisable shape
 * (a self-hosted token, an Azure-style 32-hex key...): only exact redaction can catch them.
 */
class CredentialLeakTest {
  static final Map<String, String> KEYS = Map.of(
      "openai", "selfhosted.token+/=4242abcd",
      "azure", "0123456789abcdef0123456789abcdef",
      "anthropic", "anthro-key-ZZZ-999-plain",
      "bedrock", "bedrock-api-key-ABCDEFG12345",
      "gemini", "gem-key-qwerty-0987");
  static final String HEADER_TOKEN = "hdr-token-xyz-777-extra";
  static CredentialEcho echo;
  static Gateway gateway;
  static Http http;

  @BeforeAll
  static void start() {
    echo = new CredentialEcho();
    StringBuilder y = new StringBuilder("""
        server: {port: 0}
        catalog: {builtin: false}
        routing: {embedder: none}
        dispatch: {max_attempts: 2, backoff_initial_ms: 1, backoff_max_ms: 2}
        providers:
          openai: {protocol: openai, base_url: "${ECHO}/v1", api_key: "${K_OPENAI}", headers: {X-Upstream-Token: "${K_HDR}"}}
          azure: {protocol: azure-openai, base_url: "${ECHO}", api_key: "${K_AZURE}"}
          anthropic: {protocol: anthropic, base_url: "${ECHO}", api_key: "${K_ANTHROPIC}"}
          bedrock: {protocol: bedrock, region: us-east-1, base_url: "${ECHO}", api_key: "${K_BEDROCK}"}
          gemini: {protocol: gemini, base_url: "${ECHO}", api_key: "${K_GEMINI}"}
        models:
        """);
    for (String p : KEYS.keySet()) {
      for (String mode : List.of("plain400", "plain500", "stream")) {
        y.append("  - {id: ").append(p).append('-').append(mode).append(", owner: o, prices: {input: 1, output: 1},")
            .append(" context_window: 100000, deployments: [{provider: ").append(p).append(", model: mode-")
            .append(mode).append("}]}\n");
      }
    }
    Map<String, String> env = new java.util.HashMap<>(Map.of("ECHO", echo.baseUrl(), "K_HDR", HEADER_TOKEN));
    KEYS.forEach((p, k) -> env.put("K_" + p.toUpperCase(), k));
    gateway = Gateway.start(TestDatabases.ownStorage(ConfigLoader.loadText("leak.yaml", y.toString(), env)),
        new Gateway.Options(1, System::nanoTime, dev.fairway.pipeline.CallEvents.NONE));
    http = new Http("http://127.0.0.1:" + gateway.port());
  }

  @BeforeEach
  void healthy() {
    gateway.resetHealth(); // each case starts with closed circuits, whatever the previous ones did
  }

  @AfterAll
  static void stop() {
    gateway.close();
    echo.close();
  }

  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String p : KEYS.keySet()) {
      for (String mode : List.of("plain400", "plain500", "stream")) {
        for (String client : List.of("openai", "anthropic")) {
          for (boolean stream : List.of(false, true)) {
            out.add(Arguments.of(p, mode, client, stream));
          }
        }
      }
    }
    return out;
  }

  /** Every form of every credential the gateway holds. */
  static List<String> forbidden() {
    List<String> f = new ArrayList<>();
    List<String> all = new ArrayList<>(KEYS.values());
    all.add(HEADER_TOKEN);
    for (String k : all) {
      f.add(k);
      f.add(Base64.getEncoder().encodeToString(k.getBytes(StandardCharsets.UTF_8)));
      f.add(URLEncoder.encode(k, StandardCharsets.UTF_8));
    }
    return f;
  }

  @ParameterizedTest(name = "{0} upstream, {1}, {2} client, stream={3}")
  @MethodSource("cases")
  void noCredentialReachesTheClientOrTheLog(String provider, String mode, String client, boolean stream) {
    String model = provider + "-" + mode;
    try (LogCapture log = new LogCapture()) {
      String seen;
      if (client.equals("openai")) {
        String body = Http.chat(model, "hi", "\"stream\":" + stream);
        seen = stream ? describe(http.stream("/v1/chat/completions", body)) : describe(http.post("/v1/chat/completions", body));
      } else {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":10,\"stream\":" + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        seen = stream ? describe(http.stream("/v1/messages", body, "anthropic-version", "2023-06-01"))
            : describe(http.post("/v1/messages", body, "anthropic-version", "2023-06-01"));
      }
      String logged = String.join("\n", log.events().stream().map(e -> e.getFormattedMessage()).toList());
      for (String secret : forbidden()) {
        assertThat(seen).as("client sees").doesNotContain(secret);
        assertThat(logged).as("log").doesNotContain(secret);
      }
      assertThat(seen).as("the error still reaches the client").containsIgnoringCase("error");
      if (mode.equals("stream") && stream) {
        assertThat(seen).as("after the first token").contains("Hello");
      }
    }
  }

  static String describe(Http.Response r) {
    return r.status() + " " + r.headers() + " " + r.body();
  }

  static String describe(Http.Stream s) {
    return s.status() + " " + s.headers() + " " + s.raw();
  }
}
