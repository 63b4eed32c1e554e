package dev.fairway.ingress.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fairway.testing.TestGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official npm SDKs ({@code openai} and {@code @anthropic-ai/sdk}, pinned by the committed
 * lock file in {@code src/test/node}) against Fairway, each over both protocols' providers. The
 * script is installed with {@code npm ci} under {@code target/}, never in the source tree.
 */
class NpmSdkTest {
  private static final Path SOURCE = Path.of(System.getProperty("basedir", "."), "src", "test", "node");
  private static final Path WORK = Path.of(System.getProperty("basedir", "."), "target", "npm-sdk-check");
  static TestGateway t;

  @BeforeAll
  static void start() {
    t = TestGateway.start("""
        providers:
          anthropic: {protocol: anthropic, base_url: "${MOCK}", api_key: sk-ant-gateway}
          openai: {protocol: openai, base_url: "${MOCK}/v1", api_key: sk-gateway}
        models:
          - {id: claude, owner: anthropic, prices: {input: 3, output: 15}, context_window: 200000,
             deployments: [{provider: anthropic, model: claude-up}]}
          - {id: gpt, owner: openai, prices: {input: 1, output: 2}, context_window: 100000,
             deployments: [{provider: openai, model: gpt-up}]}
        """);
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void officialNpmSdksChatAndStreamThroughFairway() throws Exception {
    requireTool("node");
    requireTool("npm");
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "package-lock.json", "sdk-check.mjs")) {
      Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }

    Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
    assertThat(install.exit()).as("npm ci failed:\n%s", install.output()).isZero();

    Result check = run(List.of("node", "sdk-check.mjs", t.baseUrl(), "gpt", "claude"), 120);

    assertThat(check.output()).as(check.output())
        .contains("ok openai.chat gpt", "ok openai.stream gpt", "ok anthropic.message gpt", "ok anthropic.stream gpt",
            "ok openai.chat claude", "ok openai.stream claude", "ok anthropic.message claude",
            "ok anthropic.stream claude", "8 passed, 0 failed")
        .doesNotContain("FAIL");
    assertThat(check.exit()).isZero();
  }

  private record Result(int exit, String output) {}

  /** Runs a command in the work directory, bounded in time; its output (both streams) goes to a log file. */
  private static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
    Path log = WORK.resolve(command.get(0) + ".log");
    Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
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
    fail("'" + tool + "' is not on the PATH: this test needs Node.js 20+ with npm (CI has them)."
        + " Install Node.js, e.g. 'apt-get install nodejs npm', and run again.");
  }
}
