package dev.fairway.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTokensTest {
  static ChatRequest user(String text) {
    return ChatRequest.builder("auto").messages(List.of(Message.user(text))).build();
  }

  @Test
  void theUpperBoundIsNeverBelowTheBpeCount() {
    for (String s : List.of("hello", "日本語のテキストです。".repeat(50), "🙂".repeat(300), "a b c ".repeat(1000),
        "x".repeat(5000))) {
      ChatRequest r = user(s);
      assertThat(PromptTokens.upperBound(r)).as(s.substring(0, 5)).isGreaterThanOrEqualTo(PromptTokens.inputTokens(r));
    }
  }

  @Test
  void routingTokenisesOnlyWhenAWindowIsAtStake() {
    ChatRequest r = user("word ".repeat(2000));
    long exact = PromptTokens.inputTokens(r);
    // Plenty of room: the cheap estimate (which may differ from the exact count).
    assertThat(PromptTokens.forRouting(r, 1_000_000)).isEqualTo(TokenEstimate.input(r));
    // Little room: the exact count, so the window filter is never wrong.
    assertThat(PromptTokens.forRouting(r, 3000)).isEqualTo(exact);
  }
}
