package dev.fairway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.tenancy.admin.AdminClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fairway teams ...}: teams (shared budgets, limits, allow-lists), through a running gateway's admin API. */
@Command(name = "teams", mixinStandardHelpOptions = true,
    description = "Create, list, show, change, block, unblock and delete teams on a running gateway"
        + " (master key from $FAIRWAY_MASTER_KEY).",
    subcommands = {TeamsCommand.Create.class, TeamsCommand.ListTeams.class, TeamsCommand.Show.class,
        TeamsCommand.Update.class, TeamsCommand.Block.class, TeamsCommand.Unblock.class, TeamsCommand.Delete.class})
final class TeamsCommand implements Runnable {
  /** Where FAIRWAY_MASTER_KEY comes from; tests replace the process's own. */
  Map<String, String> environment = System.getenv();

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  abstract static class TeamCall extends KeysCommand.Call {
    @ParentCommand
    TeamsCommand parent;

    @Override
    Map<String, String> environment() {
      return parent.environment;
    }

    @Override
    String what() {
      return "teams";
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a team.")
  static final class Create extends TeamCall {
    @Option(names = "--id", description = "The team's id (letters, digits, '_', '.', '-'); generated when absent.")
    String id;

    @Option(names = "--name", description = "A label for people.")
    String name;

    @Mixin
    KeysCommand.PolicyOptions policy;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      ObjectNode body = KeysCommand.NODES.objectNode();
      if (id != null) {
        body.put("id", id);
      }
      if (name != null) {
        body.put("name", name);
      }
      policy.into(body);
      return c.post("/admin/teams", body);
    }

    @Override
    void print(JsonNode t, PrintStream out) {
      out.println("Created team " + t.path("id").asText() + KeysCommand.label(t));
      KeysCommand.printSettings(t, out);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List teams.")
  static final class ListTeams extends TeamCall {
    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      return c.get("/admin/teams");
    }

    @Override
    void print(JsonNode answer, PrintStream out) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"ID", "NAME", "BUDGET", "SPENT", "RPM", "TPM", "PARALLEL", "STATE"});
      for (JsonNode t : answer.path("data")) {
        rows.add(new String[] {t.path("id").asText(), KeysCommand.text(t, "name"), KeysCommand.budget(t),
            "$" + t.path("spend_usd").asText(), KeysCommand.text(t, "rpm"), KeysCommand.text(t, "tpm"),
            KeysCommand.text(t, "max_parallel"), KeysCommand.state(t)});
      }
      KeysCommand.table(rows, out);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a team's settings, spend and limits.")
  static final class Show extends TeamCall {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      return c.get("/admin/teams/" + KeysCommand.path(id));
    }

    @Override
    void print(JsonNode t, PrintStream out) {
      out.println("Team " + t.path("id").asText() + KeysCommand.label(t) + ", " + t.path("keys").asInt() + " keys");
      KeysCommand.printSettings(t, out);
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Change a team's settings; only the options given change ('none' clears a limit).")
  static final class Update extends TeamCall {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--name")
    String name;

    @Mixin
    KeysCommand.PolicyOptions policy;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      ObjectNode body = KeysCommand.NODES.objectNode();
      if (name != null) {
        body.put("name", name);
      }
      policy.into(body);
      return c.patch("/admin/teams/" + KeysCommand.path(id), body);
    }

    @Override
    void print(JsonNode t, PrintStream out) {
      out.println("Updated team " + t.path("id").asText() + KeysCommand.label(t));
      KeysCommand.printSettings(t, out);
    }
  }

  @Command(name = "block", mixinStandardHelpOptions = true, description = "Block a team: all its keys are refused.")
  static final class Block extends TeamCall {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      return c.post("/admin/teams/" + KeysCommand.path(id) + "/block", null);
    }

    @Override
    void print(JsonNode t, PrintStream out) {
      out.println("Blocked team " + t.path("id").asText() + ".");
    }
  }

  @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Unblock a team.")
  static final class Unblock extends TeamCall {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      return c.post("/admin/teams/" + KeysCommand.path(id) + "/unblock", null);
    }

    @Override
    void print(JsonNode t, PrintStream out) {
      out.println("Unblocked team " + t.path("id").asText() + ".");
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a team that has no keys.")
  static final class Delete extends TeamCall {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      return c.delete("/admin/teams/" + KeysCommand.path(id));
    }

    @Override
    void print(JsonNode t, PrintStream out) {
      out.println("Deleted team " + t.path("id").asText() + ".");
    }
  }
}
