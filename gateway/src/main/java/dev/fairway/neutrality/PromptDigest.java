package dev.fairway.neutrality;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.ImageSource;
import dev.fairway.api.Message;
import dev.fairway.api.ToolDefinition;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed digest of a prompt (HMAC-SHA-256 under an instance secret): equal prompts get equal
 * digests, so their owner (the operator, who holds the secret) can match them across decision
 * records, while the record itself reveals nothing of the prompt. Fed field by field, with
 * lengths, so no two different prompts share an encoding and no JSON is built on the request path.
 */
public final class PromptDigest {
  private final SecretKeySpec key;
  /** One initialised MAC per thread (event loops are few and fixed): getInstance + init cost microseconds. */
  private final ThreadLocal<Mac> macs;

  public PromptDigest(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the prompt digest needs a secret of at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** Base64 of the HMAC of the request's messages and tools (null for no request). */
  public String of(ChatRequest req) {
    if (req == null) {
      return null;
    }
    Mac mac = macs.get();
    mac.reset(); // a previous call that threw may have left input in it
    for (Message m : req.messages()) {
      field(mac, "m", m.role().name());
      for (ContentPart p : m.content()) {
        switch (p) {
          case ContentPart.Text t -> field(mac, "t", t.text());
          case ContentPart.Image i -> field(mac, "i", i.source() instanceof ImageSource.Url u ? u.url()
              : ((ImageSource.Base64) i.source()).data());
          case ContentPart.ToolCall c -> {
            field(mac, "c", c.name());
            field(mac, "a", c.arguments());
          }
          case ContentPart.ToolResult r -> field(mac, "r", r.toolCallId() + '\u0000'
              + r.content().stream().filter(ContentPart.Text.class::isInstance).map(x -> ((ContentPart.Text) x).text())
              .reduce("", String::concat));
          case ContentPart.Reasoning r -> field(mac, "s", r.text());
        }
      }
    }
    for (ToolDefinition t : req.tools()) {
      field(mac, "T", t.name() + '\u0000' + (t.parameters() == null ? "" : t.parameters().toString()));
    }
    return Base64.getEncoder().encodeToString(mac.doFinal());
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void field(Mac mac, String tag, String value) {
    byte[] v = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    mac.update(tag.getBytes(StandardCharsets.US_ASCII));
    mac.update(new byte[] {(byte) (v.length >>> 24), (byte) (v.length >>> 16), (byte) (v.length >>> 8), (byte) v.length});
    mac.update(v);
  }
}
