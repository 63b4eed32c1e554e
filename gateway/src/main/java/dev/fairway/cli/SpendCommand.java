package dev.fairway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fairway spend}: asks a running gateway's {@code /admin/spend} and prints the answer as a
 * table (or passes its CSV or JSON through). The master key comes from {@code FAIRWAY_MASTER_KEY}
 * and is sent as a bearer token, never printed.
 */
@Command(name = "spend", mixinStandardHelpOptions = true,
    description = "Show spend from a running gateway's ledger, grouped by key, team, model, provider, endpoint,"
        + " day or user. Dates are YYYY-MM-DD (UTC) or RFC 3339 times; the range is [from, to).")
final class SpendCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Format { TABLE, CSV, JSON }

  @Option(names = "--from", description = "Start, inclusive (default: the first of this month, UTC).")
  String from;

  @Option(names = "--to", description = "End, exclusive (default: now).")
  String to;

  @Option(names = "--by", defaultValue = "model",
      description = "Group by key, team, model, provider, endpoint, day or user (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The gateway (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--format", defaultValue = "table", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  /** The environment the master key is read from; tests replace it. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    StringBuilder q = new StringBuilder("/admin/spend?group_by=").append(enc(by));
    if (from != null) {
      q.append("&from=").append(enc(from));
    }
    if (to != null) {
      q.append("&to=").append(enc(to));
    }
    if (format == Format.CSV) {
      q.append("&format=csv");
    }
    URI uri;
    try {
      uri = URI.create(base + q);
    } catch (IllegalArgumentException e) {
      System.err.println("fairway spend: --url is not a URL: " + url);
      return 2;
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
    String key = env.get("FAIRWAY_MASTER_KEY");
    if (key != null && !key.isBlank()) {
      req.header("Authorization", "Bearer " + key.trim());
    }
    HttpResponse<String> resp;
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      System.err.println("fairway spend: cannot reach the gateway at " + base + " (is it running? see --url)");
      return 1;
    } catch (IOException e) {
      System.err.println("fairway spend: " + base + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    if (resp.statusCode() != 200) {
      System.err.println("fairway spend: " + problem(resp));
      return resp.statusCode() == 400 ? 2 : 1;
    }
    if (format != Format.TABLE) {
      System.out.print(resp.body());
      if (!resp.body().endsWith("\n")) {
        System.out.println();
      }
      return 0;
    }
    try {
      System.out.print(table(JSON.readTree(resp.body())));
    } catch (IOException e) {
      System.err.println("fairway spend: the gateway's answer is not JSON");
      return 1;
    }
    return 0;
  }

  private static String problem(HttpResponse<String> resp) {
    String message = null;
    try {
      message = JSON.readTree(resp.body()).path("error").path("message").asText(null);
    } catch (IOException ignored) {
      // not JSON
    }
    return switch (resp.statusCode()) {
      case 401, 403 -> "the gateway refused the master key (set FAIRWAY_MASTER_KEY)"
          + (message != null ? ": " + message : "");
      case 404 -> "this gateway has no /admin/spend (is the ledger on?)";
      default -> message != null ? message : "HTTP " + resp.statusCode();
    };
  }

  /** The spend answer as an aligned text table with a total line. */
  static String table(JsonNode body) {
    List<String[]> lines = new ArrayList<>();
    String groupTitle = body.path("group_by").asText("group").toUpperCase(Locale.ROOT);
    lines.add(new String[] {groupTitle, "REQUESTS", "FAILURES", "INPUT TOKENS", "OUTPUT TOKENS", "COST (USD)"});
    for (JsonNode r : body.path("rows")) {
      lines.add(new String[] {r.path("group").isNull() ? "(none)" : r.path("group").asText(),
          r.path("requests").asText(), r.path("failures").asText(), r.path("input_tokens").asText(),
          r.path("output_tokens").asText(), r.path("cost_usd").asText()});
    }
    long requests = 0;
    long failures = 0;
    long in = 0;
    long out = 0;
    for (JsonNode r : body.path("rows")) {
      requests += r.path("requests").asLong();
      failures += r.path("failures").asLong();
      in += r.path("input_tokens").asLong();
      out += r.path("output_tokens").asLong();
    }
    lines.add(new String[] {"TOTAL", String.valueOf(requests), String.valueOf(failures), String.valueOf(in),
        String.valueOf(out), new BigDecimal(body.path("total_cost_usd").asText("0")).toPlainString()});
    int[] w = new int[6];
    for (String[] l : lines) {
      for (int i = 0; i < 6; i++) {
        w[i] = Math.max(w[i], l[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(body.path("from").asText()).append(" to ").append(body.path("to").asText()).append('\n');
    for (int li = 0; li < lines.size(); li++) {
      String[] l = lines.get(li);
      if (li == lines.size() - 1) {
        rule(sb, w);
      }
      sb.append(String.format(Locale.ROOT, "%-" + w[0] + "s", l[0]));
      for (int i = 1; i < 6; i++) {
        sb.append("  ").append(String.format(Locale.ROOT, "%" + w[i] + "s", l[i]));
      }
      sb.append('\n');
      if (li == 0) {
        rule(sb, w);
      }
    }
    return sb.toString();
  }

  private static void rule(StringBuilder sb, int[] w) {
    int n = 0;
    for (int x : w) {
      n += x;
    }
    sb.append("-".repeat(n + 2 * (w.length - 1))).append('\n');
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
