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
  /** One initialised MAC and input buffer per thread (event loops are few and fixed): getInstance + init cost microseconds. */
  private final ThreadLocal<State> states;

  public PromptDigest(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the prompt digest needs a secret of at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.states = ThreadLocal.withInitial(this::newState);
  }

  /** Base64 of the HMAC of the request's messages and tools (null for no request). */
  public String of(ChatRequest req) {
    if (req == null) {
      return null;
    }
    State st = states.get();
    Input in = st.input;
    in.start(st.mac);
    for (Message m : req.messages()) {
      in.field('m', m.role().name());
      for (ContentPart p : m.content()) {
        switch (p) {
          case ContentPart.Text t -> in.field('t', t.text());
          case ContentPart.Image i -> in.field('i', i.source() instanceof ImageSource.Url u ? u.url()
              : ((ImageSource.Base64) i.source()).data());
          case ContentPart.ToolCall c -> {
            in.field('c', c.name());
            in.field('a', c.arguments());
          }
          case ContentPart.ToolResult r -> in.field('r', r.toolCallId() + '\u0000'
              + r.content().stream().filter(ContentPart.Text.class::isInstance).map(x -> ((ContentPart.Text) x).text())
              .reduce("", String::concat));
          case ContentPart.Reasoning r -> in.field('s', r.text());
        }
      }
    }
    for (ToolDefinition t : req.tools()) {
      in.field('T', t.name() + '\u0000' + (t.parameters() == null ? "" : t.parameters().toString()));
    }
    return Base64.getEncoder().encodeToString(in.finish());
  }

  private State newState() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return new State(mac, new Input());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private record State(Mac mac, Input input) {}

  /**
   * The MAC's input, gathered in a buffer: one {@code update} per prompt, not three per field
   * (each goes through the provider's layers). A field is its tag byte, its UTF-8 length (4 bytes,
   * big-endian) and its bytes, as before the buffer. A large value (a base64 image) goes to the
   * MAC directly.
   */
  private static final class Input {
    private static final int DIRECT = 8 * 1024;
    private final byte[] buf = new byte[2 * DIRECT];
    private int pos;
    private Mac mac;

    /** Starts the input of one prompt to {@code m} (reset). */
    void start(Mac m) {
      mac = m;
      mac.reset(); // a previous call that threw may have left input in it
      pos = 0;
    }

    void field(char tag, String value) {
      byte[] v = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
      if (pos + 5 + v.length > buf.length) {
        flush();
      }
      buf[pos++] = (byte) tag;
      buf[pos++] = (byte) (v.length >>> 24);
      buf[pos++] = (byte) (v.length >>> 16);
      buf[pos++] = (byte) (v.length >>> 8);
      buf[pos++] = (byte) v.length;
      if (v.length > DIRECT) {
        flush();
        mac.update(v);
        return;
      }
      System.arraycopy(v, 0, buf, pos, v.length);
      pos += v.length;
    }

    byte[] finish() {
      flush();
      return mac.doFinal();
    }

    private void flush() {
      mac.update(buf, 0, pos);
      pos = 0;
    }
  }
}
