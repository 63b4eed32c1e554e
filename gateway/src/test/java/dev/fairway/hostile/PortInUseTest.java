package dev.fairway.hostile;

import dev.fairway.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.Gateway;
import dev.fairway.config.ConfigLoader;
import dev.fairway.config.GatewayConfig;
import dev.fairway.testing.RawHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 10 item 9: a second gateway on a taken port refuses to start, unless port reuse is asked for. */
class PortInUseTest {

  static GatewayConfig config(int port, boolean reuse) {
    return ConfigLoader.loadText("p.yaml", "catalog: {builtin: false}\nrouting: {embedder: none}\nserver: {port: " + port
        + ", allow_port_reuse: " + reuse + "}\n", Map.of());
  }

  @Test
  void aSecondGatewayOnATakenPortRefusesToStartNamingThePort() {
    try (Gateway first = Gateway.start(TestDatabases.ownStorage(config(0, false)))) {
      int port = first.port();
      assertThatThrownBy(() -> Gateway.start(TestDatabases.ownStorage(config(port, false))).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port + ": the port is already in use")
          .hasMessageContaining("server.allow_port_reuse");
      assertThat(RawHttp.exchange(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").status())
          .as("the first still serves").isEqualTo(200);
    }
  }

  @Test
  void withPortReuseAskedForBothStart() {
    try (Gateway first = Gateway.start(TestDatabases.ownStorage(config(0, true))); Gateway second = Gateway.start(TestDatabases.ownStorage(config(first.port(), true)))) {
      assertThat(second.port()).isEqualTo(first.port());
    }
  }
}
