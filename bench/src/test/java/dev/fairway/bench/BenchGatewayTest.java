package dev.fairway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.config.ConfigLoader;
import dev.fairway.config.GatewayConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configurations the harness gives its gateways, loaded by the gateway's own loader. */
class BenchGatewayTest {
  private static GatewayConfig load(String yaml) {
    return ConfigLoader.loadText("bench.yaml", yaml, Map.of());
  }

  @Test
  void theBaselineHasEveryWaveTwoStageOffAndItsOwnStorage() {
    GatewayConfig c = load(BenchGateway.config(8080, 9090, "none", LoadEndpoint.CHAT, Path.of("/tmp/b/data"), null,
        null, BenchGateway.Stages.OFF, false));
    assertThat(c.ledger().enabled()).isFalse();
    assertThat(c.transparency().enabled()).isFalse();
    assertThat(c.server().masterKey()).isNull();
    assertThat(c.storage().path()).isEqualTo(Path.of("/tmp/b/data"));
    assertThat(c.storage().isPostgres()).isFalse();
  }

  @Test
  void theFeaturedGatewayHasWhatWasAskedForOnPostgresWithTheEmbeddingModel() {
    GatewayConfig c = load(BenchGateway.config(8080, 9090, null, LoadEndpoint.EMBEDDINGS, Path.of("/tmp/f/data"),
        "jdbc:postgresql://127.0.0.1:5432/fairway_bench_load_x", "postgres",
        new BenchGateway.Stages(true, "postgres", false), false));
    assertThat(c.ledger().enabled()).isTrue();
    assertThat(c.transparency().enabled()).isFalse();
    assertThat(c.storage().url()).endsWith("/fairway_bench_load_x");
    assertThat(c.catalog().find(LoadEndpoint.EMBEDDING_MODEL).orElseThrow().capabilities().embeddings()).isTrue();
  }

  @Test
  void theCoreConfigurationNamesNoWaveTwoSection() {
    String core = BenchGateway.config(8080, 9090, null, LoadEndpoint.CHAT, null, null, null, null, true);
    assertThat(core).doesNotContain("storage").doesNotContain("ledger").doesNotContain("transparency");
    assertThat(load(core).catalog().find("bench")).isPresent();
  }

  @Test
  void anUnknownLedgerDatabaseOrEndpointIsRefusedByName() {
    assertThatThrownBy(() -> new BenchGateway.Stages(false, "mysql", false))
        .hasMessage("unknown ledger database 'mysql' (expected sqlite or postgres)");
    assertThatThrownBy(() -> LoadEndpoint.parse("completions"))
        .hasMessage("unknown endpoint 'completions' (expected chat, responses or embeddings)");
  }
}
