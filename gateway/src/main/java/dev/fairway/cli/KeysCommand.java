package dev.fairway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.tenancy.admin.AdminClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fairway keys ...}: virtual keys, through a running gateway's admin API ({@code --url}),
 * with the master key from {@code FAIRWAY_MASTER_KEY}. Readable output, or {@code --json}.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Create, list, show, change, block, unblock, rotate and delete virtual keys on a running gateway"
        + " (master key from $FAIRWAY_MASTER_KEY).",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Show.class,
        KeysCommand.Update.class, KeysCommand.Block.class, KeysCommand.Unblock.class, KeysCommand.Rotate.class,
        KeysCommand.Delete.class})
final class KeysCommand implements Runnable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Where FAIRWAY_MASTER_KEY comes from; tests replace the process's own. */
  Map<String, String> environment = System.getenv();

  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  /** Options every subcommand takes. */
  static final class Connection {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080",
        description = "The gateway's base URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--json", description = "Print the admin API's JSON instead of text.")
    boolean json;

    AdminClient client(Map<String, String> env) {
      String key = env.get("FAIRWAY_MASTER_KEY");
      return new AdminClient(URI.create(url), key == null || key.isBlank() ? null : key.strip(),
          Duration.ofSeconds(30));
    }
  }

  /** The limit and allow-list options shared by keys and teams; "none" clears a limit in an update. */
  static final class PolicyOptions {
    @Option(names = "--model", paramLabel = "NAME", split = ",",
        description = "Allowed model, alias or router (repeat, or comma-separate); none given: all. 'none' clears.")
    List<String> models;

    @Option(names = "--budget", paramLabel = "USD", description = "Budget in US dollars per period ('none': no budget).")
    String budget;

    @Option(names = "--period", paramLabel = "P", description = "Budget period: 1h, 1d, 7d, 30d, month or none.")
    String period;

    @Option(names = "--rpm", paramLabel = "N", description = "Requests per minute ('none': no limit).")
    String rpm;

    @Option(names = "--tpm", paramLabel = "N", description = "Tokens per minute ('none': no limit).")
    String tpm;

    @Option(names = "--max-parallel", paramLabel = "N", description = "Requests in flight at once ('none': no limit).")
    String maxParallel;

    @Option(names = "--metadata", paramLabel = "JSON", description = "A JSON object of your own.")
    String metadata;

    void into(ObjectNode body) {
      if (models != null) {
        ArrayNode a = body.putArray("models");
        models.stream().filter(m -> !m.equals("none")).forEach(a::add);
      }
      if (budget != null) {
        if (isNone(budget)) {
          body.putNull("max_budget_usd");
        } else {
          body.put("max_budget_usd", budget); // a decimal string: exact, never through a double
        }
      }
      if (period != null) {
        body.put("budget_period", period);
      }
      number(body, "rpm", rpm);
      number(body, "tpm", tpm);
      number(body, "max_parallel", maxParallel);
      if (metadata != null) {
        try {
          body.set("metadata", JSON.readTree(metadata));
        } catch (IOException e) {
          throw new UsageError("--metadata is not valid JSON");
        }
      }
    }

    private static void number(ObjectNode body, String field, String v) {
      if (v == null) {
        return;
      }
      if (isNone(v)) {
        body.putNull(field);
        return;
      }
      try {
        body.put(field, Long.parseLong(v.strip()));
      } catch (NumberFormatException e) {
        body.put(field, v); // the gateway answers with the field named
      }
    }
  }

  static boolean isNone(String v) {
    return v.equalsIgnoreCase("none") || v.equalsIgnoreCase("null");
  }

  /** A mistake in the command line itself. */
  static final class UsageError extends RuntimeException {
    UsageError(String m) {
      super(m);
    }
  }

  /** Sends one admin call and prints its answer; the exit code says how it went. */
  abstract static class Call implements Callable<Integer> {
    @Mixin
    Connection connection;

    abstract Map<String, String> environment();

    abstract String what();

    /** Makes the call. */
    abstract AdminClient.Reply send(AdminClient c) throws IOException;

    /** Prints a successful answer as text. */
    abstract void print(JsonNode answer, PrintStream out);

    @Override
    public Integer call() {
      AdminClient.Reply r;
      try {
        r = send(connection.client(environment()));
      } catch (UsageError e) {
        System.err.println("fairway " + what() + ": " + e.getMessage());
        return 2;
      } catch (IOException e) {
        System.err.println("fairway " + what() + ": cannot reach the gateway at " + connection.url + " ("
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        return 2;
      } catch (IllegalArgumentException e) {
        System.err.println("fairway " + what() + ": bad --url " + connection.url);
        return 2;
      }
      if (!r.ok()) {
        String hint = r.status() == 401 && environment().get("FAIRWAY_MASTER_KEY") == null
            ? " (set FAIRWAY_MASTER_KEY to the gateway's master key)" : "";
        System.err.println("fairway " + what() + ": " + r.errorMessage() + hint);
        return 1;
      }
      if (connection.json) {
        System.out.println(r.json() == null ? r.raw() : r.json().toPrettyString());
      } else {
        print(r.json(), System.out);
      }
      return 0;
    }
  }

  abstract static class KeyCall extends Call {
    @ParentCommand
    KeysCommand parent;

    @Override
    Map<String, String> environment() {
      return parent.environment;
    }

    @Override
    String what() {
      return "keys";
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; its secret is shown once.")
  static final class Create extends KeyCall {
    @Option(names = "--name", description = "A label for people.")
    String name;

    @Option(names = "--team", description = "The team id whose budget and limits also apply.")
    String team;

    @Option(names = "--expires", paramLabel = "TIME", description = "When it stops working (RFC 3339, e.g. 2026-01-01T00:00:00Z).")
    String expires;

    @Mixin
    PolicyOptions policy;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      ObjectNode body = NODES.objectNode();
      if (name != null) {
        body.put("name", name);
      }
      if (team != null) {
        body.put("team", team);
      }
      if (expires != null) {
        body.put("expires_at", expires);
      }
      policy.into(body);
      return c.post("/admin/keys", body);
    }

    @Override
    void print(JsonNode k, PrintStream out) {
      out.println("Created key " + k.path("id").asText() + label(k));
      out.println("  key: " + k.path("key").asText());
      out.println("  Store it now: it is not shown again.");
      printSettings(k, out);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (of one team with --team).")
  static final class ListKeys extends KeyCall {
    @Option(names = "--team", description = "Only this team's keys.")
    String team;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      return c.get("/admin/keys" + (team == null ? "" : "?team=" + URLEncoder.encode(team, StandardCharsets.UTF_8)));
    }

    @Override
    void print(JsonNode answer, PrintStream out) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"ID", "NAME", "TEAM", "BUDGET", "SPENT", "RPM", "TPM", "PARALLEL", "STATE"});
      for (JsonNode k : answer.path("data")) {
        rows.add(new String[] {k.path("id").asText(), text(k, "name"), text(k, "team"), budget(k),
            "$" + k.path("spend_usd").asText(), text(k, "rpm"), text(k, "tpm"), text(k, "max_parallel"), state(k)});
      }
      table(rows, out);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a key's settings, spend and limits.")
  static final class Show extends KeyCall {
    @Parameters(paramLabel = "ID", description = "The key's public id (the part after sk-fw-).")
    String id;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      return c.get("/admin/keys/" + path(id));
    }

    @Override
    void print(JsonNode k, PrintStream out) {
      out.println("Key " + k.path("id").asText() + label(k));
      printSettings(k, out);
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Change a key's settings; only the options given change ('none' clears a limit).")
  static final class Update extends KeyCall {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--name")
    String name;

    @Option(names = "--team", description = "Move to this team ('none': no team).")
    String team;

    @Option(names = "--expires", paramLabel = "TIME", description = "RFC 3339 time, or 'none'.")
    String expires;

    @Mixin
    PolicyOptions policy;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      ObjectNode body = NODES.objectNode();
      if (name != null) {
        body.put("name", name);
      }
      if (team != null) {
        if (isNone(team)) {
          body.putNull("team");
        } else {
          body.put("team", team);
        }
      }
      if (expires != null) {
        if (isNone(expires)) {
          body.putNull("expires_at");
        } else {
          body.put("expires_at", expires);
        }
      }
      policy.into(body);
      return c.patch("/admin/keys/" + path(id), body);
    }

    @Override
    void print(JsonNode k, PrintStream out) {
      out.println("Updated key " + k.path("id").asText() + label(k));
      printSettings(k, out);
    }
  }

  @Command(name = "block", mixinStandardHelpOptions = true, description = "Block a key: it is refused at once.")
  static final class Block extends KeyCall {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      return c.post("/admin/keys/" + path(id) + "/block", null);
    }

    @Override
    void print(JsonNode k, PrintStream out) {
      out.println("Blocked key " + k.path("id").asText() + label(k) + ".");
    }
  }

  @Command(name = "unblock", mixinStandardHelpOptions = true, description = "Unblock a key.")
  static final class Unblock extends KeyCall {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      return c.post("/admin/keys/" + path(id) + "/unblock", null);
    }

    @Override
    void print(JsonNode k, PrintStream out) {
      out.println("Unblocked key " + k.path("id").asText() + label(k) + ".");
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Give a key a new secret; the old one keeps working for --grace.")
  static final class Rotate extends KeyCall {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "0",
        description = "How long the previous secret keeps working (default: ${DEFAULT-VALUE}).")
    long grace;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      return c.post("/admin/keys/" + path(id) + "/rotate", NODES.objectNode().put("grace_seconds", grace));
    }

    @Override
    void print(JsonNode k, PrintStream out) {
      out.println("Rotated key " + k.path("id").asText() + label(k));
      out.println("  key: " + k.path("key").asText());
      out.println("  Store it now: it is not shown again. The previous secret works until "
          + k.path("previous_secret_valid_until").asText() + ".");
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a key: it is refused at once.")
  static final class Delete extends KeyCall {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    AdminClient.Reply send(AdminClient c) throws IOException {
      return c.delete("/admin/keys/" + path(id));
    }

    @Override
    void print(JsonNode k, PrintStream out) {
      out.println("Deleted key " + k.path("id").asText() + ".");
    }
  }

  // --- printing, shared with teams

  static String path(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String label(JsonNode o) {
    String name = o.path("name").isTextual() ? " (" + o.path("name").asText() + ")" : "";
    String team = o.path("team").isTextual() ? ", team " + o.path("team").asText() : "";
    return name + team;
  }

  static String text(JsonNode o, String field) {
    JsonNode v = o.path(field);
    return v.isMissingNode() || v.isNull() ? "-" : v.asText();
  }

  static String budget(JsonNode o) {
    JsonNode b = o.path("max_budget_usd");
    if (b.isNull() || b.isMissingNode()) {
      return "-";
    }
    String p = o.path("budget_period").asText("none");
    return "$" + b.asText() + (p.equals("none") ? "" : "/" + p);
  }

  static String state(JsonNode o) {
    return o.path("blocked").asBoolean() ? "blocked" : "active";
  }

  static void printSettings(JsonNode o, PrintStream out) {
    JsonNode models = o.path("models");
    List<String> ms = new ArrayList<>();
    models.forEach(m -> ms.add(m.asText()));
    out.println("  state:    " + state(o) + (o.path("expires_at").isTextual() ? ", expires "
        + o.path("expires_at").asText() : ""));
    out.println("  models:   " + (ms.isEmpty() ? "all" : String.join(", ", ms)));
    out.println("  budget:   " + budget(o) + "  spent $" + o.path("spend_usd").asText("0") + ", reserved $"
        + o.path("reserved_usd").asText("0") + (o.path("remaining_usd").isTextual() ? ", remaining $"
        + o.path("remaining_usd").asText() : "") + (o.path("budget_resets_at").isTextual() ? ", resets "
        + o.path("budget_resets_at").asText() : ""));
    JsonNode l = o.path("limits");
    out.println("  rpm:      " + window(l.path("requests")));
    out.println("  tpm:      " + window(l.path("tokens")));
    out.println("  parallel: " + (l.path("parallel").path("limit").isNull() ? "-" : l.path("parallel").path("limit")
        .asText()) + " (" + l.path("parallel").path("in_flight").asInt() + " in flight)");
    if (o.path("metadata").isObject() && !o.path("metadata").isEmpty()) {
      out.println("  metadata: " + o.path("metadata"));
    }
  }

  private static String window(JsonNode w) {
    if (w.isNull() || w.isMissingNode()) {
      return "-";
    }
    return w.path("limit").asText() + " (" + w.path("used").asText() + " used in the last minute)";
  }

  static void table(List<String[]> rows, PrintStream out) {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        sb.append(i + 1 < r.length ? String.format("%-" + (width[i] + 2) + "s", r[i]) : r[i]);
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
