package dev.fairway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fairway.catalog.Capabilities;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.catalog.Model;
import dev.fairway.catalog.Protocol;
import dev.fairway.catalog.Deployment;
class ConfigLoaderTest {

  @Test
  void servesNothingWithoutCredentialsAndSaysWhy() {
    GatewayConfig c = ConfigLoader.load(null, Map.of());

    assertThat(c.catalog().models()).isEmpty();
    assertThat(c.notes()).anyMatch(n -> n.contains("OPENAI_API_KEY"));
    assertThat(c.server()).isEqualTo(ServerConfig.defaults());
  }

  @Test
  void enablesBuiltInModelsForProvidersWithKeysInTheEnvironment() {
    GatewayConfig c = ConfigLoader.load(null, Map.of("OPENAI_API_KEY", "sk-test-123"));

    Model m = c.catalog().find("gpt-4o-mini").orElseThrow();
    assertThat(m.owner()).isEqualTo("openai");
    assertThat(m.prices().input()).isEqualByComparingTo("0.15");
    assertThat(m.prices().output()).isEqualByComparingTo("0.60");
    assertThat(m.prices().cachedInput()).isEqualByComparingTo("0.075");
    assertThat(m.capabilities()).isEqualTo(Capabilities.ALL);
    assertThat(c.catalog().provider("openai").apiKey().value()).isEqualTo("sk-test-123");
    assertThat(c.catalog().find("claude-sonnet-4-5")).isEmpty();
  }

  @Test
  void aBuiltInModelWithSeveralDeploymentsKeepsOnlyEnabledOnes() {
    GatewayConfig c = ConfigLoader.load(null, Map.of("ANTHROPIC_API_KEY", "k"));

    Model m = c.catalog().find("claude-sonnet-4-5-20250929").orElseThrow();
    assertThat(m.id()).isEqualTo("claude-sonnet-4-5");
    assertThat(m.deployments()).extracting(Deployment::provider).containsExactly("anthropic");
  }

  @Test
  void aUserModelInheritsWhatItLeavesOutFromTheBuiltInCatalog() {
    GatewayConfig c = ConfigLoader.loadText("f.yaml", """
        providers:
          azure: {protocol: azure-openai, base_url: "https://r.openai.azure.com", api_key: "${AZ_KEY}"}
        models:
          - id: gpt-4o
            deployments: [{provider: azure, model: my-4o}]
        """, Map.of("AZ_KEY", "secret"));

    Model m = c.catalog().find("gpt-4o").orElseThrow();
    assertThat(m.prices().input()).isEqualByComparingTo(new BigDecimal("2.50"));
    assertThat(m.contextWindow()).isEqualTo(128000);
    assertThat(m.deployments()).containsExactly(new Deployment("azure/my-4o", "azure", "my-4o", 1));
    ProviderConfig p = c.catalog().provider("azure");
    assertThat(p.protocol()).isEqualTo(Protocol.AZURE_OPENAI);
    assertThat(p.apiVersion()).isEqualTo("2024-10-21");
    assertThat(p.apiKey().toString()).doesNotContain("secret");
  }

  @Test
  void resolvesAliasesAndFallbacks() {
    GatewayConfig c = ConfigLoader.loadText("f.yaml", """
        catalog: {builtin: false}
        providers:
          local: {protocol: openai, base_url: "http://localhost:11434/v1"}
        models:
          - {id: big, owner: meta, prices: {input: 0, output: 0}, context_window: 8192, deployments: [{provider: local}]}
          - {id: small, owner: meta, prices: {input: 0, output: 0}, context_window: 8192, aliases: [tiny],
             deployments: [{provider: local, model: "llama3.2:1b", weight: 3}]}
        aliases: {default: big}
        fallbacks: {default: [tiny]}
        """, Map.of());

    assertThat(c.catalog().find("default").orElseThrow().id()).isEqualTo("big");
    assertThat(c.catalog().find("tiny").orElseThrow().id()).isEqualTo("small");
    assertThat(c.catalog().fallbacksOf("big")).containsExactly("small");
    assertThat(c.catalog().find("small").orElseThrow().deployments().get(0))
        .isEqualTo(new Deployment("local/llama3.2:1b", "local", "llama3.2:1b", 3));
  }

  @Test
  void namesFileLineAndFieldOfAWrongType() {
    assertThatThrownBy(() -> ConfigLoader.loadText("fairway.yaml", """
        catalog: {builtin: false}
        providers:
          local: {protocol: openai, base_url: "http://localhost:8000/v1"}
        models:
          - id: m
            owner: me
            prices:
              input: cheap
              output: 1
        """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("fairway.yaml:8: models[0].prices.input: expected a number, got 'cheap'");
  }

  @Test
  void namesAnUnknownFieldWithItsLine() {
    assertThatThrownBy(() -> ConfigLoader.loadText("fairway.yaml", """
        providers:
          openai:
            protocol: openai
            base_url: https://api.openai.com/v1
            api_kye: x
        """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("fairway.yaml:5: providers.openai.api_kye: unknown field 'api_kye'");
  }

  @Test
  void namesAMissingEnvironmentVariable() {
    assertThatThrownBy(() -> ConfigLoader.loadText("fairway.yaml", """
        providers:
          anthropic:
            protocol: anthropic
            api_key: ${MY_ANTHROPIC_KEY}
        """, Map.of()))
        .hasMessageStartingWith("fairway.yaml:4: providers.anthropic.api_key: environment variable MY_ANTHROPIC_KEY is not set");
  }

  @Test
  void usesTheDefaultOfAnOptionalEnvironmentVariable() {
    GatewayConfig c = ConfigLoader.loadText("f.yaml", """
        server: {port: 9000}
        catalog: {builtin: false}
        providers:
          local: {protocol: openai, base_url: "${LOCAL_URL:-http://127.0.0.1:8000/v1}"}
        models:
          - {id: m, owner: me, prices: {input: 0, output: 0}, context_window: 100, deployments: [{provider: local}]}
        """, Map.of());

    assertThat(c.catalog().provider("local").baseUrl().toString()).isEqualTo("http://127.0.0.1:8000/v1");
    assertThat(c.server().port()).isEqualTo(9000);
  }

  @Test
  void rejectsADeploymentOnAnUnknownOrDisabledProvider() {
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", """
        catalog: {builtin: false}
        models:
          - {id: m, owner: me, prices: {input: 0, output: 0}, context_window: 100, deployments: [{provider: nowhere}]}
        """, Map.of()))
        .hasMessageStartingWith("f.yaml:3: models[0].deployments[0].provider: unknown provider 'nowhere'");
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", """
        models:
          - id: gpt-4o
        """, Map.of()))
        .hasMessageContaining("provider 'openai' is not enabled: set OPENAI_API_KEY");
  }

  @Test
  void rejectsAnAliasToAModelThatIsNotServed() {
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", """
        aliases:
          smart: gpt-4o
        """, Map.of()))
        .hasMessageStartingWith("f.yaml:2: aliases.smart: alias 'smart' points to 'gpt-4o', which is not a served model")
        .hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void rejectsNegativePricesAndMissingOwner() {
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", """
        catalog: {builtin: false}
        providers: {p: {protocol: openai, base_url: "http://x/v1"}}
        models:
          - {id: m, owner: me, prices: {input: -1, output: 0}, context_window: 100, deployments: [{provider: p}]}
        """, Map.of())).hasMessageContaining("models[0].prices.input: a price cannot be negative");
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", """
        catalog: {builtin: false}
        providers: {p: {protocol: openai, base_url: "http://x/v1"}}
        models:
          - {id: m, prices: {input: 1, output: 0}, context_window: 100, deployments: [{provider: p}]}
        """, Map.of())).hasMessageContaining("needs an owner");
  }

  @Test
  void reportsInvalidYamlWithItsLine() {
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", "models:\n  - id: [unclosed\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("f.yaml:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void readsAFileAndReportsAMissingOne(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("fairway.yaml");
    Files.writeString(f, "server: {port: 1234, host: 0.0.0.0}\n");
    assertThat(ConfigLoader.load(f, Map.of()).server().port()).isEqualTo(1234);
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), Map.of()))
        .hasMessageEndingWith("missing.yaml: file not found");
  }

  @Test
  void everyBuiltInModelIsValid() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "a", "ANTHROPIC_API_KEY", "b", "GEMINI_API_KEY", "c",
        "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s", "MISTRAL_API_KEY", "m", "GROQ_API_KEY", "g");
    GatewayConfig c = ConfigLoader.load(null, env);

    assertThat(c.catalog().models()).hasSizeGreaterThan(25);
    assertThat(c.catalog().allModels()).allSatisfy(m -> {
      assertThat(m.prices().input().signum()).isPositive();
      assertThat(m.contextWindow()).isPositive();
      assertThat(m.deployments()).isNotEmpty();
      if (m.capabilities().embeddings()) {
        assertThat(m.prices().output().signum()).isZero(); // priced per input token only
      } else {
        assertThat(m.prices().output()).isGreaterThanOrEqualTo(m.prices().input());
        assertThat(m.qualityPrior()).isBetween(0.0, 1.0);
      }
    });
    assertThat(c.catalog().allModels().stream().filter(m -> m.capabilities().embeddings()).map(m -> m.id()))
        .contains("text-embedding-3-small", "titan-embed-text-v2", "gemini-embedding-001");
    assertThat(c.catalog().provider("bedrock").region()).isEqualTo("us-east-1");
  }
}
