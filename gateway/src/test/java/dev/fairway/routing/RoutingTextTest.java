package dev.fairway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.Message;
import dev.fairway.routing.embed.RoutingText;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTextTest {
  @Test
  void keepsTheEndOfTheConversationWhereTheQuestionIs() {
    ChatRequest r = ChatRequest.builder("auto").messages(List.of(Message.system("You are terse."),
        Message.user("x ".repeat(500) + "What is the capital of France?"))).build();
    String t = RoutingText.of(r, 60);
    assertThat(t).endsWith("What is the capital of France?").hasSizeLessThanOrEqualTo(60);
    assertThat(t).doesNotStartWith(" ");
  }

  @Test
  void aShortConversationIsKeptWhole() {
    ChatRequest r = ChatRequest.builder("auto").messages(List.of(Message.system("Be brief."), Message.user("hi"))).build();
    assertThat(RoutingText.of(r, 400)).isEqualTo("Be brief.\nhi");
  }
}
