package dev.fairway.config;

import dev.fairway.routing.StickySessions;
import dev.fairway.routing.HousePolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sections wave 2 consumes are bound, validated and defaulted like the rest. */
class WaveTwoSectionsTest {

  private static GatewayConfig load(String yaml, Map<String, String> env) {
    return ConfigLoader.loadText("f.yaml", "catalog: {builtin: false}\n" + yaml, env);
  }

  private static GatewayConfig load(String yaml) {
    return load(yaml, Map.of());
  }

  @Test
  void everySectionHasItsDefaultsWhenLeftOut() {
    GatewayConfig c = load("");
    assertThat(c.server().masterKey()).isNull();
    assertThat(c.server().cors()).isEqualTo(ServerConfig.Cors.OFF);
    assertThat(c.storage()).isEqualTo(StorageConfig.defaults());
    assertThat(c.ledger()).isEqualTo(LedgerConfig.defaults());
    assertThat(c.transparency()).isEqualTo(TransparencyConfig.defaults());
    assertThat(c.housePolicy().enabled()).isFalse();
    assertThat(c.sticky().enabled()).isTrue(); // on unless switched off
  }

  @Test
  void bindsTheServerSecurityFields() {
    GatewayConfig c = load("""
        server:
          master_key: "${MK}"
          metrics_token: scrape-token
          allowed_hosts: [Gateway.Example.com, .internal]
          cors: {allowed_origins: ["https://app.example.com"], max_age_seconds: 60}
          allow_port_reuse: true
          idle_timeout_ms: 5000
          body_timeout_ms: 2000
          min_body_bytes_per_second: 0
        """, Map.of("MK", "0123456789abcdef"));
    ServerConfig s = c.server();
    assertThat(s.masterKey().value()).isEqualTo("0123456789abcdef");
    assertThat(s.masterKey().toString()).doesNotContain("0123");
    assertThat(s.metricsToken().value()).isEqualTo("scrape-token");
    assertThat(s.allowedHosts()).containsExactly("gateway.example.com", ".internal");
    assertThat(s.cors().allowedOrigins()).containsExactly("https://app.example.com");
    assertThat(s.cors().maxAge()).hasSeconds(60);
    assertThat(s.allowPortReuse()).isTrue();
    assertThat(s.timeouts()).isEqualTo(new ServerConfig.ClientTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), 0));
  }

  @Test
  void theMasterKeyComesFromTheEnvironmentWhenTheFileHasNone() {
    assertThat(ConfigLoader.load(null, Map.of("FAIRWAY_MASTER_KEY", "env-master-key-0001")).server().masterKey().value())
        .isEqualTo("env-master-key-0001");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("FAIRWAY_MASTER_KEY", "short")))
        .hasMessage("environment: FAIRWAY_MASTER_KEY: the master key must be at least 16 characters long");
    assertThatThrownBy(() -> load("server: {master_key: tooshort}\n"))
        .hasMessage("f.yaml:2: server.master_key: the master key must be at least 16 characters long");
  }

  @Test
  void refusesACorsOriginWithAPath() {
    assertThatThrownBy(() -> load("server: {cors: {allowed_origins: [\"https://app.example.com/ui\"]}}\n"))
        .hasMessageStartingWith("f.yaml:2: server.cors.allowed_origins[0]: expected an origin");
  }

  @Test
  void bindsStorageLedgerAndTransparency() {
    GatewayConfig c = load("""
        storage: {url: "jdbc:postgresql://127.0.0.1:5432/fw", user: fw, password: "${PW}", pool_size: 8}
        ledger: {store_content: true, retention_days: 0, queue_capacity: 100, batch_size: 10,
                 flush_interval_ms: 50, fsync_interval_ms: 500}
        transparency: {origin: gw.example.com/log, checkpoint_interval_ms: 1000}
        """, Map.of("PW", "pg-secret"));
    assertThat(c.storage().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/fw");
    assertThat(c.storage().password().value()).isEqualTo("pg-secret");
    assertThat(c.storage().poolSize()).isEqualTo(8);
    assertThat(c.ledger()).isEqualTo(new LedgerConfig(true, true, 0, 100, 10, Duration.ofMillis(50), Duration.ofMillis(500)));
    assertThat(c.transparency()).isEqualTo(new TransparencyConfig(true, "gw.example.com/log", Duration.ofSeconds(1)));
    assertThat(load("storage: {path: /var/lib/fairway}\n").storage().path()).isEqualTo(Path.of("/var/lib/fairway"));
  }

  @Test
  void theLedgerAndTheDecisionLogCanEachBeSwitchedOff() {
    GatewayConfig c = load("ledger: {enabled: false}\ntransparency: {enabled: false}\n");
    assertThat(c.ledger().enabled()).isFalse();
    assertThat(c.ledger().batchSize()).isEqualTo(LedgerConfig.defaults().batchSize());
    assertThat(c.transparency().enabled()).isFalse();
    assertThat(c.transparency().origin()).isEqualTo(TransparencyConfig.DEFAULT_ORIGIN);
    assertThat(load("ledger: {enabled: true}\n").ledger()).isEqualTo(LedgerConfig.defaults());
    assertThatThrownBy(() -> load("ledger: {enabled: maybe}\n")).hasMessageStartingWith("f.yaml:2: ledger.enabled");
  }

  @Test
  void namesTheFieldOfAWrongWaveTwoValue() {
    assertThatThrownBy(() -> load("storage: {url: \"mysql://x/db\"}\n"))
        .hasMessageStartingWith("f.yaml:2: storage.url: expected a PostgreSQL URL");
    assertThatThrownBy(() -> load("ledger: {queue_capacity: 10, batch_size: 20}\n"))
        .hasMessageStartingWith("f.yaml:2: ledger.batch_size: must be between 1 and queue_capacity (10), got 20");
    assertThatThrownBy(() -> load("transparency: {origin: \"two words\"}\n"))
        .hasMessageStartingWith("f.yaml:2: transparency.origin: expected a name without spaces");
    assertThatThrownBy(() -> load("routing: {sticky: {enabled: true, ttl_seconds: 0}}\n"))
        .hasMessageStartingWith("f.yaml:2: routing.sticky.ttl_seconds: must be positive");
  }

  @Test
  void bindsAHousePolicyAndSaysWhenItsOwnerServesNothing() {
    GatewayConfig c = load("""
        providers: {p: {protocol: openai, base_url: "http://127.0.0.1:9/v1"}}
        models:
          - {id: m, owner: acme, prices: {input: 1, output: 1}, context_window: 100, deployments: [{provider: p}]}
        routing:
          house_policy: {owners: [acme, globex], quality_bonus: 0.05, price_discount: 0.1}
          sticky: {enabled: true, ttl_seconds: 600, max_sessions: 10}
        """);
    assertThat(c.housePolicy()).isEqualTo(new HousePolicy(java.util.List.of("acme", "globex"), 0.05, 0.1));
    assertThat(c.notes()).contains("house policy: no served model is owned by globex");
    assertThat(c.sticky()).isEqualTo(new StickySessions(true, Duration.ofMinutes(10), 10));
    assertThatThrownBy(() -> load("routing: {house_policy: {quality_bonus: 0.1}}\n"))
        .hasMessageStartingWith("f.yaml:2: routing.house_policy.owners: a house policy needs the owners it favours");
  }

  @Test
  void upstreamTimeoutsPerModelAndGatewayWide() {
    GatewayConfig c = load("""
        providers: {p: {protocol: openai, base_url: "http://127.0.0.1:9/v1"}}
        models:
          - {id: m, owner: o, prices: {input: 1, output: 1}, context_window: 100, deployments: [{provider: p}],
             stream_idle_timeout_ms: 1500, headers_timeout_ms: 700}
        dispatch: {stream_idle_timeout_ms: 9000, headers_timeout_ms: 8000}
        """);
    assertThat(c.catalog().find("m").orElseThrow().dispatch().streamIdleTimeout()).hasMillis(1500);
    assertThat(c.catalog().find("m").orElseThrow().dispatch().headersTimeout()).hasMillis(700);
    assertThat(c.dispatch().streamIdleTimeout()).hasMillis(9000);
    assertThat(c.dispatch().headersTimeout()).hasMillis(8000);
  }
}
