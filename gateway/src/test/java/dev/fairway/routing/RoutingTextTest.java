package dev.fairway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.Message;
import dev.fairway.routing.embed.RoutingText;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTextTest {
  @Test
  void keepsTheStartAndTheEndOfTheConversation() {
    ChatRequest r = ChatRequest.builder("auto").messages(List.of(Message.system("You are a tax assistant."),
        Message.user("x ".repeat(500) + "What is the capital of France?"))).build();
    String t = RoutingText.of(r, 60);
    assertThat(t).startsWith("You are a tax assistant.").endsWith("What is the capital of France?");
    assertThat(t).contains(" … ").hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void aShortConversationIsKeptWhole() {
    ChatRequest r = ChatRequest.builder("auto").messages(List.of(Message.system("Be brief."), Message.user("hi"))).build();
    assertThat(RoutingText.of(r, 160)).isEqualTo("Be brief.\nhi");
  }

  @Test
  void neverSplitsASurrogatePair() {
    String s = "😀".repeat(100);
    String w = RoutingText.window(s, 11);
    assertThat(w.codePoints().allMatch(cp -> cp == "😀".codePointAt(0) || " …".indexOf(cp) >= 0)).isTrue();
  }
}
