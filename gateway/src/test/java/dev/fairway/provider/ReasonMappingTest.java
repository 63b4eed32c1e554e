package dev.fairway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.provider.anthropic.AnthropicErrors;
import dev.fairway.provider.openai.OpenAiErrors;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed reasons become each protocol's error at the edge, and nowhere else. */
class ReasonMappingTest {

  @Test
  void everyReasonHasItsOwnWireCode() {
    Set<String> codes = new HashSet<>();
    for (Reason r : Reason.values()) {
      if (r == Reason.NONE) {
        assertThat(r.code()).isNull();
        continue;
      }
      assertThat(r.code()).matches("[a-z0-9_]+");
      assertThat(codes.add(r.code())).as("duplicate code " + r.code()).isTrue();
    }
  }

  @Test
  void openAiClientsSeeTheReasonAsTheErrorCode() {
    for (Reason r : Reason.values()) {
      if (r == Reason.NONE) {
        continue;
      }
      GatewayError e = GatewayError.of(ErrorKind.INVALID_REQUEST, r, "x");
      assertThat(OpenAiErrors.toWire(e).error().code()).isEqualTo(r.code());
    }
    // the provider's own code passes only when there is no reason of ours
    GatewayError upstream = GatewayError.upstream(ErrorKind.RATE_LIMITED, "slow down").withUpstream(429, "tpm_exceeded");
    assertThat(OpenAiErrors.toWire(upstream).error().code()).isEqualTo("tpm_exceeded");
    assertThat(OpenAiErrors.toWire(upstream.withReason(Reason.RATE_LIMIT_EXCEEDED)).error().code())
        .isEqualTo("rate_limit_exceeded");
  }

  @Test
  void eachReasonLandsInTheRightStatusAndTypeOnBothProtocols() {
    record Case(GatewayError e, int openAiStatus, String openAiType, int anthropicStatus, String anthropicType) {}
    for (Case c : new Case[] {
        new Case(GatewayError.invalid("bad", "model", Reason.UNKNOWN_PARAMETER), 400, "invalid_request_error", 400,
            "invalid_request_error"),
        new Case(GatewayError.notFound("no", "model", Reason.MODEL_NOT_FOUND), 404, "invalid_request_error", 404,
            "not_found_error"),
        new Case(GatewayError.contextTooLong("long", "messages"), 400, "invalid_request_error", 400,
            "invalid_request_error"),
        new Case(GatewayError.of(ErrorKind.AUTHENTICATION, Reason.INVALID_API_KEY, "key"), 401, "authentication_error",
            401, "authentication_error"),
        new Case(GatewayError.of(ErrorKind.PERMISSION, Reason.MODEL_NOT_ALLOWED, "no"), 403, "permission_error", 403,
            "permission_error"),
        new Case(GatewayError.of(ErrorKind.RATE_LIMITED, Reason.BUDGET_EXCEEDED, "spent"), 429, "insufficient_quota", 429,
            "rate_limit_error"),
        new Case(GatewayError.timeout(Reason.DEADLINE_EXCEEDED, "late"), 504, "server_error", 504, "timeout_error"),
        new Case(GatewayError.timeout(Reason.TTFT_TIMEOUT, "slow"), 504, "server_error", 504, "timeout_error"),
        new Case(GatewayError.overloaded("busy", java.time.Duration.ofSeconds(1)), 503, "server_error", 529,
            "overloaded_error"),
        new Case(GatewayError.cancelled(Reason.CLIENT_DISCONNECTED, "gone"), 499, "server_error", 499, "api_error"),
    }) {
      assertThat(OpenAiErrors.status(c.e())).as(c.e().toString()).isEqualTo(c.openAiStatus());
      assertThat(OpenAiErrors.toWire(c.e()).error().type()).as(c.e().toString()).isEqualTo(c.openAiType());
      assertThat(AnthropicErrors.status(c.e())).as(c.e().toString()).isEqualTo(c.anthropicStatus());
      assertThat(AnthropicErrors.type(c.e())).as(c.e().toString()).isEqualTo(c.anthropicType());
    }
  }

  @Test
  void cancellationsAreNotTimeouts() {
    for (Reason r : Arrays.stream(Reason.values()).filter(Reason::isCancellation).toList()) {
      GatewayError e = GatewayError.cancelled(r, "stopped");
      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(e.retryable()).isFalse();
    }
    assertThat(Reason.CLIENT_DISCONNECTED.isCancellation()).isTrue();
    assertThat(Reason.HEDGE_LOST.isCancellation()).isTrue();
    assertThat(Reason.DEADLINE_EXCEEDED.isCancellation()).isFalse();
  }
}
