package dev.fairway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken configurations (issue 10, items 6 and 8): each is refused at load with one line naming
 * file, line and field, and no message repeats a value that came from the environment.
 */
class HostileConfigTest {
  static final String SECRET = "sk-live-0123456789abcdefSECRET";

  private static String provider(String fields) {
    return "catalog: {builtin: false}\nproviders:\n  p:\n    protocol: openai\n" + fields;
  }

  @Test
  void aKeyWithATrailingNewlineIsRefusedAtLoad() {
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml",
        provider("    base_url: http://127.0.0.1:9/v1\n    api_key: ${KEY}\n"), Map.of("KEY", SECRET + "\n")))
        .hasMessage("f.yaml:6: providers.p.api_key: contains a line break (CR or LF) (from ${KEY}); remove it")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml",
        provider("    base_url: http://127.0.0.1:9/v1\n    api_key: \" k \"\n"), Map.of()))
        .hasMessage("f.yaml:6: providers.p.api_key: has leading or trailing whitespace; remove it");
  }

  @Test
  void headerValuesAndUrlsWithLineBreaksOrSpacesAreRefused() {
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml",
        provider("    base_url: http://127.0.0.1:9/v1\n    headers: {X-Team: \"a\\r\\nX-Injected: 1\"}\n"), Map.of()))
        .hasMessage("f.yaml:6: providers.p.headers.X-Team: contains a line break (CR or LF); remove it");
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml",
        provider("    base_url: http://127.0.0.1:9/v1\n    headers: {\"Bad Name\": x}\n"), Map.of()))
        .hasMessageStartingWith("f.yaml:6: providers.p.headers.Bad Name: not a valid HTTP header name");
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", provider("    base_url: \"http://127.0.0.1:9/v1 \"\n"),
        Map.of())).hasMessage("f.yaml:5: providers.p.base_url: has leading or trailing whitespace; remove it");
  }

  @Test
  void aBuiltInKeyFromTheEnvironmentIsTrimmedAndSaidOrRefusedWithABreakInside() {
    GatewayConfig c = ConfigLoader.load(null, Map.of("OPENAI_API_KEY", SECRET + "\n"));
    assertThat(c.catalog().provider("openai").apiKey().value()).isEqualTo(SECRET);
    assertThat(c.notes()).contains("OPENAI_API_KEY had leading or trailing whitespace; it was trimmed");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("OPENAI_API_KEY", "sk-a\nsk-b")))
        .hasMessage("environment: OPENAI_API_KEY: contains a line break (CR or LF); remove it");
  }

  @Test
  void aSecretInTheWrongFieldIsNeverEchoed() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", SECRET);
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", "server:\n  port: ${OPENAI_API_KEY}\n", env))
        .hasMessage("f.yaml:2: server.port: expected a whole number, got the value of ${OPENAI_API_KEY}");
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", provider("").replace("openai\n", "${OPENAI_API_KEY}\n"), env))
        .hasMessageContaining("unknown protocol the value of ${OPENAI_API_KEY}").hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", provider("    base_url: ${OPENAI_API_KEY}\n"), env))
        .hasMessage("f.yaml:5: providers.p.base_url: not an http(s) URL: the value of ${OPENAI_API_KEY}");
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", """
        catalog: {builtin: false}
        aliases: {smart: "${OPENAI_API_KEY}"}
        """, env)).hasMessageNotContaining(SECRET).hasMessageContaining("${OPENAI_API_KEY}");
  }

  @Test
  void aKeyGivenTwiceIsAnError() {
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", "server:\n  port: 1\n  port: 2\n", Map.of()))
        .hasMessage("f.yaml:3: key 'port' is given twice in the same mapping");
  }

  @Test
  void yamlSyntaxErrorsAreOneLine() {
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", "models:\n  - id: [unclosed\n", Map.of()))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").startsWith("f.yaml:3: not valid YAML: "));
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", "k: v\n  bad indent: x\n", Map.of()))
        .hasMessage("f.yaml:2: not valid YAML: mapping values are not allowed here");
  }

  @Test
  void invalidUtf8IsOneLineWithItsLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("fairway.yaml");
    byte[] text = "server:\n  host: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(f, text);
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .hasMessage(f + ":2: not valid UTF-8 (byte 19 of the file)");
  }

  @Test
  void nestingDeeperThanAThousandIsOneLine() {
    String deep = "a: " + "[".repeat(1200) + "]".repeat(1200) + "\n";
    assertThatThrownBy(() -> ConfigLoader.loadText("f.yaml", deep, Map.of()))
        .hasMessage("f.yaml:1: nested deeper than 1000 levels");
  }
}
