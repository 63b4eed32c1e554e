package dev.fairway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockServer;
import dev.fairway.testing.Http;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class CliTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    return run(cl -> { }, args);
  }

  /** Runs the command line made after output is captured (picocli binds its writers then), once {@code prepare}d. */
  static Run run(Consumer<CommandLine> prepare, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      CommandLine cl = Main.commandLine();
      prepare.accept(cl);
      int code = cl.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void printsItsVersion() {
    Run r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("fairway 0.");
  }

  @Test
  void serveReportsAConfigurationErrorWithFileAndLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("fairway.yaml");
    Files.writeString(f, "server:\n  port: lots\n");

    Run r = run("serve", "--config", f.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("fairway.yaml:2: server.port: expected a whole number, got 'lots'");
  }

  @Test
  void listsItsCommands() {
    Run r = run("--help");
    assertThat(r.out()).contains("serve").contains("demo").contains("mock");
  }

  @Test
  void mockRejectsAnImpossibleErrorRate() {
    Run r = run("mock", "--port", "0", "--error-rate", "2");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--error-rate must be between 0 and 1");
  }

  @Test
  void serveWithoutCredentialsOrConfigPointsToTheDemo(@TempDir Path home) {
    Run r = run(cl -> {
      ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
      serve.environment = Map.of("HOME", home.toString()); // no keys, no ~/.aws/credentials, no FAIRWAY_CONFIG
      serve.workingDirectory = home; // no ./fairway.yaml
    }, "serve");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no models to serve: no provider credentials were found")
        .contains("provider openai not enabled: no OPENAI_API_KEY in the environment")
        .contains("./fairway demo [--port N]");
    assertThat(r.out()).doesNotContain("listening");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      --ttft-ms      | soon    | Invalid value for option '--ttft-ms': 'soon' is not a long
      --ttft-ms      | -5      | --ttft-ms must be 0 or more, got -5
      --tokens-per-s | fast    | Invalid value for option '--tokens-per-s': 'fast' is not a double
      --tokens-per-s | -1      | --tokens-per-s must be 0 (all at once) or more, got -1.0
      --error-status | 200     | --error-status must be an HTTP error status (400..599), got 200
      --error-status | five    | Invalid value for option '--error-status': 'five' is not an int
      --protocol     | smoke   | Invalid value for option '--protocol'
      --protocol     | openai,x | expected one of [OPENAI, ANTHROPIC, BEDROCK, GEMINI]
      """)
  void mockRejectsAnInvalidOptionWithAClearMessage(String option, String value, String message) {
    Run r = run("mock", "--port", "0", option, value);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(message);
    assertThat(r.out()).doesNotContain("listening");
  }

  /** Runs {@code fairway mock} in this process; {@code whileRunning} talks to it, then it is closed. */
  static Run runMock(Consumer<MockServer> whileRunning, String... args) {
    return run(cl -> {
      MockCommand mock = cl.getSubcommands().get("mock").getCommand();
      mock.lifetime = m -> {
        try {
          whileRunning.accept(m);
        } finally {
          m.close();
        }
      };
    }, args);
  }

  @Test
  void mockInjectsErrorsWithTheStatusItWasGiven() {
    int[] status = {0};
    String[] body = {null};

    Run r = runMock(m -> {
      Http.Response resp = new Http(m.baseUrl()).post("/v1/chat/completions", Http.chat("any", "hi"));
      status[0] = resp.status();
      body[0] = resp.body();
    }, "mock", "--port", "0", "--error-rate", "1", "--error-status", "503");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("listening on http://127.0.0.1:");
    assertThat(status[0]).as(body[0]).isEqualTo(503);
  }

  @Test
  void mockPassesItsLatencyAndPacingOptionsToItsBehaviour() {
    MockBehaviour[] seen = {null};

    Run r = runMock(m -> seen[0] = m.behaviour(null),
        "mock", "--port", "0", "--ttft-ms", "250", "--tokens-per-s", "12.5", "--error-rate", "0.25",
        "--error-status", "429");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(seen[0]).isEqualTo(MockBehaviour.DEFAULT.withTtftMs(250).withTokensPerSecond(12.5)
        .withErrors(0.25, 429));
  }

  @Test
  void mockWaitsItsTimeToFirstTokenBeforeAnswering() {
    long[] elapsedMs = {0};
    int[] status = {0};

    Run r = runMock(m -> {
      long start = System.nanoTime();
      status[0] = new Http(m.baseUrl()).post("/v1/chat/completions", Http.chat("any", "hi")).status();
      elapsedMs[0] = (System.nanoTime() - start) / 1_000_000;
    }, "mock", "--port", "0", "--ttft-ms", "300");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(status[0]).isEqualTo(200);
    assertThat(elapsedMs[0]).isGreaterThanOrEqualTo(300); // a lower bound only: a busy machine is slower, never faster
  }

  @Test
  void mockSpeaksOnlyTheProtocolsItWasGiven() {
    int[] statuses = new int[2];

    Run r = runMock(m -> {
      Http http = new Http(m.baseUrl());
      statuses[0] = http.post("/v1/messages", "{\"model\":\"any\",\"max_tokens\":16,\"messages\":[{\"role\":"
          + "\"user\",\"content\":\"hi\"}]}", "anthropic-version", "2023-06-01").status();
      statuses[1] = http.post("/v1/chat/completions", Http.chat("any", "hi")).status();
    }, "mock", "--port", "0", "--protocol", "anthropic");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Mock provider ([ANTHROPIC])");
    assertThat(statuses).containsExactly(200, 404);
  }
}
