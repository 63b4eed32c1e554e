package dev.fairway.config;

import dev.fairway.routing.StickySessions;
import dev.fairway.routing.HousePolicy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

import dev.fairway.catalog.Model;
import dev.fairway.catalog.Balancing;
/** The commented example the README points to stays a valid configuration. */
class ExampleConfigTest {

  @Test
  void theExampleConfigurationLoads() {
    GatewayConfig c = ConfigLoader.load(Path.of("..", "fairway.example.yaml"), Map.of(
        "OPENAI_API_KEY", "sk-example", "ANTHROPIC_API_KEY", "a", "GEMINI_API_KEY", "g",
        "AZURE_OPENAI_API_KEY", "az"));

    Model gpt4o = c.catalog().find("smart").orElseThrow();
    assertThat(gpt4o.id()).isEqualTo("gpt-4o");
    assertThat(gpt4o.deployments()).hasSize(2);
    assertThat(gpt4o.dispatch().balancing()).isEqualTo(Balancing.LATENCY);
    assertThat(gpt4o.prices().input()).isEqualByComparingTo("2.50");
    assertThat(c.catalog().find("local").orElseThrow().deployments().get(1).weight()).isZero();
    assertThat(c.catalog().fallbacksOf("gpt-4o")).containsExactly("claude-sonnet-4-5", "gemini-2.5-flash");
    assertThat(c.dispatch().breaker().openFor()).hasSeconds(30);
  }

  @Test
  void theExampleListsEveryWaveTwoSectionWithItsDefaults() {
    GatewayConfig c = ConfigLoader.load(Path.of("..", "fairway.example.yaml"), Map.of(
        "OPENAI_API_KEY", "sk-example", "ANTHROPIC_API_KEY", "a", "GEMINI_API_KEY", "g", "AZURE_OPENAI_API_KEY", "az",
        "FAIRWAY_MASTER_KEY", "master-key-0123456789", "FAIRWAY_DATABASE_URL", "jdbc:postgresql://127.0.0.1/fw"));

    assertThat(c.server().masterKey().value()).isEqualTo("master-key-0123456789");
    assertThat(c.server().metricsToken()).isNull();
    assertThat(c.server().allowedHosts()).isEmpty();
    assertThat(c.server().cors().enabled()).isFalse();
    assertThat(c.server().allowPortReuse()).isFalse();
    assertThat(c.server().timeouts()).isEqualTo(ServerConfig.ClientTimeouts.defaults());
    assertThat(c.dispatch().streamIdleTimeout()).isEqualTo(DispatchSettings.DEFAULT_STREAM_IDLE_TIMEOUT);
    assertThat(c.catalog().find("llama-local").orElseThrow().dispatch().streamIdleTimeout()).hasSeconds(20);
    assertThat(c.storage().isPostgres()).isTrue();
    assertThat(c.storage().password()).isNull();
    assertThat(c.ledger()).isEqualTo(LedgerConfig.defaults());
    assertThat(c.transparency()).isEqualTo(TransparencyConfig.defaults());
    assertThat(c.housePolicy()).isEqualTo(HousePolicy.NONE);
    assertThat(c.sticky()).isEqualTo(StickySessions.DEFAULT);
  }
}
