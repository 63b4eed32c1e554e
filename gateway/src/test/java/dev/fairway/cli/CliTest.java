package dev.fairway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
