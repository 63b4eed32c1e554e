package dev.fairway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fairway.tenancy.Authentication;
import dev.fairway.tenancy.SharedDatabases;
import dev.fairway.tenancy.TenancyHarness;
import dev.fairway.tenancy.admin.AdminServer;
import dev.fairway.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(SharedDatabases.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysCommandTest {
  private TenancyHarness h;
  private AdminServer server;

  record Run(int code, String out, String err) {}

  @BeforeAll
  void start() throws Exception {
    h = new TenancyHarness(TestDatabases.Kind.SQLITE);
    server = new AdminServer(h.tenancy);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    h.close();
  }

  private Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      CommandLine cl = Main.commandLine();
      ((KeysCommand) cl.getSubcommands().get("keys").getCommand()).environment = env;
      ((TeamsCommand) cl.getSubcommands().get("teams").getCommand()).environment = env;
      int code = cl.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Run run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = server.uri().toString();
    return run(Map.of("FAIRWAY_MASTER_KEY", TenancyHarness.MASTER), all);
  }

  @Test
  void keysAndTeamsAreManagedFromTheCommandLine() throws Exception {
    String team = "cli-" + System.nanoTime();
    Run t = run("teams", "create", "--id", team, "--name", "CLI team", "--budget", "25", "--period", "month");
    assertThat(t.code()).as(t.err()).isZero();
    assertThat(t.out()).contains("Created team " + team + " (CLI team)").contains("$25/month");

    Run created = run("keys", "create", "--name", "builder", "--team", team, "--model", "gpt-4o-mini,auto",
        "--budget", "0.50", "--period", "1d", "--rpm", "60", "--max-parallel", "2");
    assertThat(created.code()).as(created.err()).isZero();
    Matcher m = Pattern.compile("key: (sk-fw-([0-9a-z]{12})-[0-9A-Za-z]{43})").matcher(created.out());
    assertThat(m.find()).as(created.out()).isTrue();
    String key = m.group(1);
    String id = m.group(2);
    assertThat(created.out()).contains("Created key " + id + " (builder), team " + team)
        .contains("models:   gpt-4o-mini, auto").contains("$0.5/1d").contains("not shown again");
    assertThat(h.tenancy.authenticate(key, h.now())).isInstanceOf(Authentication.Granted.class);

    Run list = run("keys", "list", "--team", team);
    assertThat(list.out()).contains("ID").contains(id).contains("builder").contains("active").doesNotContain(key);

    Run show = run("keys", "show", id);
    assertThat(show.out()).contains("Key " + id).contains("spent $0").contains("rpm:      60").doesNotContain(key);

    Run json = run("keys", "show", id, "--json");
    JsonNode shown = new ObjectMapper().readTree(json.out());
    assertThat(shown.get("remaining_usd").asText()).isEqualTo("0.5");

    assertThat(run("keys", "update", id, "--rpm", "none", "--tpm", "5000").out()).contains("tpm:      5000")
        .contains("rpm:      -");
    assertThat(run("keys", "block", id).out()).contains("Blocked key " + id);
    assertThat(h.tenancy.authenticate(key, h.now())).isInstanceOf(Authentication.Refused.class);
    assertThat(run("keys", "unblock", id).out()).contains("Unblocked key " + id);

    Run rotated = run("keys", "rotate", id, "--grace", "300");
    assertThat(rotated.out()).contains("Rotated key " + id).contains("previous secret works until")
        .doesNotContain(key);
    assertThat(run("teams", "show", team).out()).contains("1 keys");
    assertThat(run("teams", "list").out()).contains(team);
    assertThat(run("teams", "delete", team).err()).contains("still has 1 key");
    assertThat(run("keys", "delete", id).out()).contains("Deleted key " + id);
    assertThat(run("teams", "delete", team).out()).contains("Deleted team " + team);
  }

  @Test
  void aGatewayErrorIsPrintedWithItsMessageAndExitCode1() {
    Run bad = run("keys", "create", "--rpm", "0");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("fairway keys: Invalid value for 'rpm'");

    Run missing = run("keys", "show", "000000000000");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("No key with id '000000000000'");
  }

  @Test
  void withoutTheMasterKeyTheRefusalSaysWhichVariableToSet() {
    Run r = run(Map.of(), "keys", "list", "--url", server.uri().toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("set FAIRWAY_MASTER_KEY");
  }

  @Test
  void anUnreachableGatewayIsAClearErrorWithExitCode2() {
    Run r = run(Map.of("FAIRWAY_MASTER_KEY", TenancyHarness.MASTER), "keys", "list", "--url", "http://127.0.0.1:9");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("cannot reach the gateway at http://127.0.0.1:9").doesNotContain(TenancyHarness.MASTER);
  }
}
