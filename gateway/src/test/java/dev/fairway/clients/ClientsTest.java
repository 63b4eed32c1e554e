package dev.fairway.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.mock.MockServer;
import dev.fairway.testing.Http;
import dev.fairway.testing.TestGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The clients people actually run, unmodified but for their base URL, against a gateway with mock
 * providers behind both protocols: the npm {@code openai} package's Responses API, the Vercel AI SDK
 * ({@code @ai-sdk/openai}'s default model, which speaks the Responses API, and {@code @ai-sdk/anthropic}
 * with streamed tools), LangChain JS ({@code useResponsesApi}, and ChatAnthropic's usage), Claude
 * Code run headless ({@code claude -p}) and Codex CLI ({@code codex exec}), each with a tool round
 * trip. Versions are pinned by the committed lock file in {@code src/test/node-clients}; they are
 * installed from the npm registry once into {@code target/npm-clients} (reinstalled when the lock
 * file changes). Claude Code and Codex ship their binaries inside the registry packages.
 */
class ClientsTest {
  private static final Path SOURCE = Path.of(System.getProperty("basedir", "."), "src", "test", "node-clients");
  private static final Path WORK = Path.of(System.getProperty("basedir", "."), "target", "npm-clients");
  static TestGateway t;

  @BeforeAll
  static void start() throws Exception {
    t = TestGateway.start("""
        providers:
          anthropic: {protocol: anthropic, base_url: "${MOCK}", api_key: sk-ant-gateway}
          openai: {protocol: openai, base_url: "${MOCK}/v1", api_key: sk-gateway}
        models:
          - {id: claude-sonnet-4-5, owner: anthropic, prices: {input: 3, output: 15}, context_window: 200000,
             capabilities: [tools, vision, json], deployments: [{provider: anthropic, model: claude-sonnet-4-5}]}
          - {id: gpt-4o, owner: openai, prices: {input: 2.5, output: 10}, context_window: 128000,
             capabilities: [tools, vision, json], deployments: [{provider: openai, model: gpt-4o}]}
        """);
    install();
  }

  @AfterAll
  static void stop() {
    if (t != null) {
      t.close();
    }
  }

  @BeforeEach
  void clear() {
    t.mock.clearReceived();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void sdksSpeakTheResponsesApiAndAnthropicThroughFairway() throws Exception {
    Result r = run(List.of("node", "clients-check.mjs", t.baseUrl(), "gpt-4o", "claude-sonnet-4-5"), Map.of(), 150);

    assertThat(r.output()).as(r.output()).contains("16 passed, 0 failed").doesNotContain("FAIL");
    assertThat(r.exit()).isZero();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void claudeCodeRunsHeadlessWithAToolRoundTripOnAClaudeModel() throws Exception {
    JsonNode out = claude("claude-sonnet-4-5");

    assertThat(out.path("is_error").asBoolean(true)).as(out.toString()).isFalse();
    assertThat(out.path("num_turns").asInt()).isEqualTo(2);
    assertThat(out.path("result").asText()).startsWith("[simulated claude-sonnet-4-5] The tool returned");
    // Claude Code's own body reached the Anthropic-protocol provider: cache breakpoints, context
    // management and its betas included.
    MockServer.Received first = t.mock.received().get(0);
    assertThat(first.uri()).startsWith("/v1/messages");
    assertThat(first.body()).contains("\"cache_control\"").contains("\"context_management\"");
    assertThat(first.headers().get("anthropic-beta")).contains("claude-code-20250219");
    assertThat(first.headers().get("x-api-key")).isEqualTo("sk-ant-gateway");
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void claudeCodeRunsHeadlessWithAToolRoundTripOnAnOpenAiModel() throws Exception {
    JsonNode out = claude("gpt-4o");

    assertThat(out.path("is_error").asBoolean(true)).as(out.toString()).isFalse();
    assertThat(out.path("num_turns").asInt()).isEqualTo(2);
    assertThat(out.path("result").asText()).startsWith("[simulated gpt-4o] The tool returned");
    MockServer.Received first = t.mock.received().get(0);
    assertThat(first.uri()).isEqualTo("/v1/chat/completions");
    // adaptive thinking with output_config.effort became OpenAI's reasoning effort
    assertThat(Http.JSON.readTree(first.body()).path("reasoning_effort").asText()).isNotEmpty();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void codexExecRunsACommandThroughTheResponsesApi() throws Exception {
    Path home = Files.createTempDirectory(WORK, "codex-home");
    Path work = Files.createTempDirectory(WORK, "codex-work");
    // A provider whose base_url is Fairway; hosted tools (web search, sub-agent namespaces) are off,
    // since Fairway refuses tool types it cannot serve.
    Files.writeString(home.resolve("config.toml"), """
        model = "gpt-4o"
        model_provider = "fairway"
        web_search = "disabled"

        [features]
        multi_agent = false

        [model_providers.fairway]
        name = "Fairway"
        base_url = "%s/v1"
        env_key = "FAIRWAY_API_KEY"
        wire_api = "responses"
        """.formatted(t.baseUrl()));
    Result r = run(List.of(bin("codex"), "exec", "--skip-git-repo-check", "-C", work.toString(),
        "Call exec_command to list the files"), Map.of("CODEX_HOME", home.toString(), "HOME", home.toString(),
        "FAIRWAY_API_KEY", "sk-any"), 120);

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("[simulated gpt-4o] The tool returned");
    List<MockServer.Received> calls = t.mock.received().stream()
        .filter(c -> c.uri().equals("/v1/chat/completions")).toList();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1).body()).contains("\"role\":\"tool\"");
  }

  /** {@code claude -p} with only the Read tool (which the simulated model calls), as JSON output. */
  private static JsonNode claude(String model) throws Exception {
    Path home = Files.createTempDirectory(WORK, "claude-home");
    Path work = Files.createTempDirectory(WORK, "claude-work");
    Files.writeString(work.resolve("notes.txt"), "the secret word is fairway\n");
    Result r = run(List.of(bin("claude"), "-p", "Read the file notes.txt and tell me the secret word", "--model", model,
        "--tools", "Read", "--allowedTools", "Read", "--output-format", "json"),
        Map.of("HOME", home.toString(), "ANTHROPIC_BASE_URL", t.baseUrl(), "ANTHROPIC_API_KEY", "sk-ant-client",
            "DISABLE_TELEMETRY", "1", "DISABLE_ERROR_REPORTING", "1", "DISABLE_AUTOUPDATER", "1",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"), work, 120);
    assertThat(r.exit()).as(r.output()).isZero();
    // The result is the last line; Claude Code may print notices before it.
    List<String> lines = r.output().lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).as(r.output()).isNotEmpty();
    return Http.JSON.readTree(lines.get(lines.size() - 1));
  }

  private static String bin(String name) {
    return WORK.resolve("node_modules").resolve(".bin").resolve(name).toString();
  }

  /** {@code npm ci} into target/, skipped when the installed tree matches the committed lock file. */
  private static void install() throws Exception {
    requireTool("node");
    requireTool("npm");
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "package-lock.json", "clients-check.mjs")) {
      Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    String lock = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(SOURCE.resolve("package-lock.json"))));
    Path stamp = WORK.resolve(".installed");
    if (Files.exists(stamp) && Files.readString(stamp).equals(lock) && Files.exists(Path.of(bin("codex")))) {
      return;
    }
    Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 420);
    assertThat(r.exit()).as("npm ci failed:\n%s", r.output()).isZero();
    Files.writeString(stamp, lock);
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
    return run(command, env, WORK, timeoutSeconds);
  }

  /** Runs a command bounded in time; its output (both streams) goes to a log file, returned. */
  private static Result run(List<String> command, Map<String, String> env, Path dir, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(WORK, Path.of(command.get(0)).getFileName().toString(), ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static void requireTool(String tool) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return;
      }
    } catch (IOException missing) {
      // reported below
    }
    fail("'" + tool + "' is not on the PATH: this test needs Node.js 20+ with npm (CI has them).");
  }
}
