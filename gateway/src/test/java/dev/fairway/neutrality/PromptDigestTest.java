package dev.fairway.neutrality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.ImageSource;
import dev.fairway.api.Message;
import dev.fairway.api.Role;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The prompt digest of decision records: HMAC-SHA-256, under the instance's secret, of the prompt's
 * fields (tag byte, 4-byte big-endian UTF-8 length, bytes), computed here independently with the
 * JDK's MAC over the same encoding; equal prompts match, and nothing of the prompt shows.
 */
class PromptDigestTest {
  private static final byte[] SECRET = "an instance secret of 32 bytes!!".getBytes(StandardCharsets.US_ASCII);
  private final PromptDigest digest = new PromptDigest(SECRET);

  @Test
  void isTheHmacOfThePromptsFieldsEachTaggedAndLengthPrefixed() throws Exception {
    ChatRequest req = request(List.of(Message.system("Be brief."), Message.user("Tell me about the sea, café included.")));

    assertThat(digest.of(req)).isEqualTo(expected("m", "SYSTEM", "t", "Be brief.", "m", "USER", "t",
        "Tell me about the sea, café included."));
  }

  @Test
  void equalPromptsGetEqualDigestsAndADifferentWordOrKeyADifferentOne() {
    ChatRequest a = request(List.of(Message.user("What is 2 + 2?")));
    ChatRequest same = request(List.of(Message.user("What is 2 + 2?")));
    ChatRequest other = request(List.of(Message.user("What is 2 + 3?")));
    byte[] otherSecret = SECRET.clone();
    otherSecret[0] ^= 1;

    assertThat(digest.of(same)).isEqualTo(digest.of(a));
    assertThat(digest.of(other)).isNotEqualTo(digest.of(a));
    assertThat(new PromptDigest(otherSecret).of(a)).isNotEqualTo(digest.of(a));
    assertThat(digest.of(a)).doesNotContain("2 + 2");
  }

  @Test
  void fieldBoundariesCountSoMovedTextIsANewDigest() {
    ChatRequest split = request(List.of(new Message(Role.USER,
        List.of(new ContentPart.Text("ab"), new ContentPart.Text("c")), null)));
    ChatRequest moved = request(List.of(new Message(Role.USER,
        List.of(new ContentPart.Text("a"), new ContentPart.Text("bc")), null)));

    assertThat(digest.of(split)).isNotEqualTo(digest.of(moved));
  }

  @Test
  void aLargeImageAmongShortFieldsGivesTheSameDigestAsTheEncodingFedAtOnce() throws Exception {
    char[] data = new char[100_000];
    Arrays.fill(data, 'Q');
    String image = new String(data);
    ChatRequest req = request(List.of(new Message(Role.USER, List.of(new ContentPart.Text("What is in it?"),
        new ContentPart.Image(new ImageSource.Base64("image/png", image), null),
        new ContentPart.Text("Answer in a word.")), null)));

    String first = digest.of(req);

    assertThat(first).isEqualTo(expected("m", "USER", "t", "What is in it?", "i", image, "t", "Answer in a word."));
    assertThat(digest.of(req)).as("the same again, on the same thread's buffer").isEqualTo(first);
  }

  @Test
  void noRequestHasNoDigestAndAShortSecretIsRefused() {
    assertThat(digest.of(null)).isNull();
    assertThatThrownBy(() -> new PromptDigest(new byte[31])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  private static ChatRequest request(List<Message> messages) {
    return ChatRequest.builder("m").messages(messages).build();
  }

  /** The digest of fields given as tag, value, tag, value…, encoded and MACed here. */
  private static String expected(String... tagsAndValues) throws Exception {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    for (int i = 0; i < tagsAndValues.length; i += 2) {
      byte[] v = tagsAndValues[i + 1].getBytes(StandardCharsets.UTF_8);
      in.write(tagsAndValues[i].getBytes(StandardCharsets.US_ASCII));
      in.write(new byte[] {(byte) (v.length >>> 24), (byte) (v.length >>> 16), (byte) (v.length >>> 8), (byte) v.length});
      in.write(v);
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(in.toByteArray()));
  }
}
