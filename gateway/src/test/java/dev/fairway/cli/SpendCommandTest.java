package dev.fairway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpendCommandTest {
  private static final String SPEND = """
      {"object":"spend","from":"2025-03-01T00:00:00Z","to":"2025-04-01T00:00:00Z","group_by":"model",
       "rows":[{"group":"gpt-4o","requests":1200,"failures":3,"input_tokens":500000,"cached_input_tokens":0,
                "cache_write_tokens":0,"output_tokens":90000,"reasoning_tokens":0,"cost_usd":"2.15"},
               {"group":null,"requests":7,"failures":7,"input_tokens":0,"cached_input_tokens":0,
                "cache_write_tokens":0,"output_tokens":0,"reasoning_tokens":0,"cost_usd":"0"}],
       "requests":1207,"total_cost_usd":"2.15"}""";

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String serve(int status, String contentType, String body) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/admin/spend", ex -> {
      seen.add(ex.getRequestURI().toString() + " auth=" + ex.getRequestHeaders().getFirst("Authorization"));
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("content-type", contentType);
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static CliTest.Run spend(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "spend";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliTest.run(cl -> ((SpendCommand) cl.getSubcommands().get("spend").getCommand()).env = env, all);
  }

  @Test
  void printsATableWithATotalAndSendsTheMasterKey() throws Exception {
    String url = serve(200, "application/json", SPEND);

    CliTest.Run r = spend(Map.of("FAIRWAY_MASTER_KEY", "fw-master-secret"), "--url", url, "--from", "2025-03-01",
        "--to", "2025-04-01", "--by", "model");

    assertThat(r.code()).isZero();
    assertThat(seen).containsExactly(
        "/admin/spend?group_by=model&from=2025-03-01&to=2025-04-01 auth=Bearer fw-master-secret");
    assertThat(r.out()).contains("MODEL").contains("gpt-4o").contains("(none)").contains("2.15")
        .contains("TOTAL").contains("1207");
    assertThat(r.out() + r.err()).doesNotContain("fw-master-secret");
    String gptLine = r.out().lines().filter(l -> l.startsWith("gpt-4o")).findFirst().orElseThrow();
    assertThat(gptLine.split("\\s+")).containsExactly("gpt-4o", "1200", "3", "500000", "90000", "2.15");
  }

  @Test
  void csvIsPassedThrough() throws Exception {
    String url = serve(200, "text/csv", "group,requests\r\ngpt-4o,3\r\n");

    CliTest.Run r = spend(Map.of(), "--url", url, "--format", "csv", "--by", "day");

    assertThat(r.code()).isZero();
    assertThat(seen.getFirst()).startsWith("/admin/spend?group_by=day&format=csv auth=null");
    assertThat(r.out()).startsWith("group,requests");
  }

  @Test
  void theGatewaysComplaintIsShown() throws Exception {
    String url = serve(400, "application/json",
        "{\"error\":{\"message\":\"Invalid value for 'group_by': expected one of ...\",\"type\":\"invalid_request_error\","
            + "\"param\":\"group_by\",\"code\":\"unsupported_value\"}}");

    CliTest.Run r = spend(Map.of(), "--url", url, "--by", "colour");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Invalid value for 'group_by'");
  }

  @Test
  void anUnreachableGatewayIsSaidPlainly() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }

    CliTest.Run r = spend(Map.of(), "--url", "http://127.0.0.1:" + port);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot reach the gateway at http://127.0.0.1:" + port);
  }
}
