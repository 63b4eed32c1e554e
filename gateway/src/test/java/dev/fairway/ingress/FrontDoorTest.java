package dev.fairway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.fairway.api.Reason;
import dev.fairway.config.ServerConfig;
import dev.fairway.testing.FakeTicker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The front door's rules as pure functions, and the rate-limited client-error log. */
class FrontDoorTest {
  static final Cors OFF = new Cors(ServerConfig.Cors.OFF);

  @Test
  void byDefaultServesLoopbackNamesAndTheBoundAddressOnly() {
    FrontDoor d = new FrontDoor(List.of(), "127.0.0.1", OFF);
    assertThat(d.hostAllowed("localhost:8080")).isTrue();
    assertThat(d.hostAllowed("127.0.0.1")).isTrue();
    assertThat(d.hostAllowed("[::1]:8080")).isTrue();
    assertThat(d.hostAllowed("rebind.attacker.example:8080")).isFalse();
    assertThat(d.hostAllowed("localhost:notaport")).isFalse();
    assertThat(new FrontDoor(List.of(), "10.1.2.3", OFF).hostAllowed("10.1.2.3:8080")).isTrue();
  }

  @Test
  void configuredHostsReplaceTheDefaultAndMayNameSubdomainsOrAnything() {
    FrontDoor d = new FrontDoor(List.of("gateway.example.com", ".internal"), "127.0.0.1", OFF);
    assertThat(d.hostAllowed("Gateway.Example.com:443")).isTrue();
    assertThat(d.hostAllowed("a.b.internal")).isTrue();
    assertThat(d.hostAllowed("localhost")).isFalse();
    assertThat(new FrontDoor(List.of("*"), "127.0.0.1", OFF).hostAllowed("anything.example")).isTrue();
  }

  @Test
  void pathRules() {
    assertThat(FrontDoor.path("/v1/chat/completions")).isNull();
    assertThat(FrontDoor.path("/v1/models/claude%20x")).isNull();
    assertThat(FrontDoor.path("/v1/%2e%2e/admin").reason()).isEqualTo(Reason.INVALID_PATH);
    assertThat(FrontDoor.path("/v1/..").reason()).isEqualTo(Reason.INVALID_PATH);
    assertThat(FrontDoor.path("/x%2F").reason()).isEqualTo(Reason.INVALID_PATH);
    assertThat(FrontDoor.path("/%zz").reason()).isEqualTo(Reason.MALFORMED_REQUEST);
    assertThat(FrontDoor.path("/%4").reason()).isEqualTo(Reason.MALFORMED_REQUEST);
    assertThat(FrontDoor.path("*").reason()).isEqualTo(Reason.INVALID_PATH);
  }

  @Test
  void sameOriginIsTheGatewaysOwnPage() {
    assertThat(FrontDoor.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
    assertThat(FrontDoor.sameOrigin("http://localhost", "localhost:80")).isTrue();
    assertThat(FrontDoor.sameOrigin("https://evil.example", "127.0.0.1:8080")).isFalse();
    assertThat(FrontDoor.sameOrigin("null", "127.0.0.1:8080")).isFalse();
  }

  @Test
  void clientErrorsAreOneLinePerIntervalWithACountOfTheRest() {
    FakeTicker ticker = new FakeTicker();
    Logger logger = new LoggerContext().getLogger("test");
    ListAppender<ILoggingEvent> out = new ListAppender<>();
    out.start();
    logger.addAppender(out);
    ClientErrorLog log = new ClientErrorLog(ticker, 1_000_000_000L, logger);

    for (int i = 0; i < 100; i++) {
      log.warn("127.0.0.1:1", "POST", "/v1/x\r\nforged line", "malformed chunked body", "Invalid\nchunk");
    }
    ticker.advance(java.time.Duration.ofSeconds(1));
    log.warn("127.0.0.1:1", "GET", "/%zz", "bad escape", null);

    assertThat(out.list).hasSize(2);
    assertThat(out.list.get(0).getFormattedMessage())
        .isEqualTo("client error from 127.0.0.1:1: malformed chunked body (Invalid?chunk) on POST /v1/x??forged line");
    assertThat(out.list.get(1).getFormattedMessage()).endsWith("(99 more since the last line)");
    assertThat(out.list).allMatch(e -> e.getThrowableProxy() == null);
  }

  @Test
  void aConnectionsAccountHoldsAtMostItsShareAndAloneAlwaysFits() {
    BodyBudget budget = new BodyBudget(100);
    BodyBudget.Account a = budget.account(60);
    BodyBudget.Account b = budget.account(60);
    assertThat(a.tryReserve(50)).isTrue();
    assertThat(a.tryReserve(20)).as("over its share").isFalse();
    assertThat(b.tryReserve(50)).isTrue();
    assertThat(b.tryReserve(1)).as("over the budget").isFalse();
    a.release(50);
    b.release(50);
    assertThat(budget.held()).isZero();
    assertThat(a.tryReserve(150)).as("alone, even over the budget and its share").isTrue();
  }
}
