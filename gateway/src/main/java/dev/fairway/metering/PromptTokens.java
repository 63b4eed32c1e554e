package dev.fairway.metering;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.ImageSource;
import dev.fairway.api.Message;
import dev.fairway.api.ToolDefinition;
import java.util.Base64;

/**
 * An ESTIMATE of a request's input tokens: for routing's context-window filter, and for
 * {@code /v1/messages/count_tokens} when no Anthropic-protocol deployment can count them itself
 * (see {@code dev.fairway.ingress.anthropic.TokenCounting}). Claude's own
 * tokenizer is not public, so text is counted with OpenAI's o200k_base BPE (a real tokenizer of
 * the same family, typically within 10–20% of Claude's count on English text and code), plus the
 * fixed overheads Anthropic documents: per-image tokens of about width × height / 750 (at most
 * ~1,600, as larger images are scaled down) and the tool-use system prompt (346 tokens) when
 * tools are offered. Good for budgeting and routing; the provider's usage is what Fairway bills.
 */
public final class PromptTokens {
  private PromptTokens() {}

  /** Tokens Anthropic adds to the system prompt when tools are offered (its pricing docs, Claude 4 models). */
  public static final int TOOL_SYSTEM_PROMPT = 346;
  /** Per-message framing (role markers). */
  public static final int PER_MESSAGE = 3;
  static final int MAX_IMAGE = 1600;

  private static final class Holder {
    // The registry loads its vocabulary on first use (a few MB); the holder defers that until a
    // client first counts tokens.
    static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    // Conversations resend their history every turn (an agent's tool loop, a chat UI), so the same
    // system prompt and earlier messages are counted again and again: each text's count is kept,
    // bounded by characters held (~16 MB at most). o200k's pre-tokenising regex makes even a short
    // text cost ~10 µs (measured: 24 characters, 12 µs on this machine); a hit costs a hash and an equals.
    static final com.github.benmanes.caffeine.cache.Cache<String, Integer> COUNTS =
        com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .maximumWeight(8L << 20)
            .<String, Integer>weigher((k, v) -> k.length() + 48)
            .executor(Runnable::run)
            .build();
  }

  /**
   * A bound no BPE count of the request can exceed, in one pass without tokenising: a token is at
   * least one UTF-8 byte, a UTF-16 char at most three bytes, plus the fixed costs above at their
   * largest. Routing tokenises only when this bound is near some candidate's context window.
   */
  public static long upperBound(ChatRequest r) {
    long n = 0;
    for (Message m : r.messages()) {
      n += PER_MESSAGE;
      for (ContentPart p : m.content()) {
        n += switch (p) {
          case ContentPart.Text t -> 3L * t.text().length();
          case ContentPart.Image i -> MAX_IMAGE;
          case ContentPart.ToolCall c -> 3L * (c.name().length() + c.arguments().length()) + PER_MESSAGE;
          case ContentPart.ToolResult tr -> 3L * tr.text().length() + PER_MESSAGE + MAX_IMAGE * images(tr);
          case ContentPart.Reasoning rs -> rs.text() == null ? 0 : 3L * rs.text().length();
        };
      }
    }
    if (!r.tools().isEmpty()) {
      n += TOOL_SYSTEM_PROMPT;
      for (ToolDefinition t : r.tools()) {
        n += 3L * (t.name().length() + (t.description() == null ? 0 : t.description().length())
            + (t.parameters() == null ? 0 : t.parameters().toString().length()));
      }
    }
    return n;
  }

  private static long images(ContentPart.ToolResult tr) {
    return tr.content().stream().filter(c -> c instanceof ContentPart.Image).count();
  }

  /**
   * The request's tokens as routing needs them: the exact BPE count when it could matter, that is
   * when {@link #upperBound} exceeds {@code room} (the smallest context window left for the
   * prompt), else the cheap four-characters-a-token estimate, which only predicts cost then. A
   * typical prompt is thus never tokenised on the routing path (a 500-token prompt costs ~50 µs
   * to tokenise, the whole decision budget).
   */
  public static long forRouting(ChatRequest r, long room) {
    long bound = upperBound(r);
    return bound <= room ? Math.min(bound, TokenEstimate.input(r)) : inputTokens(r);
  }

  public static long inputTokens(ChatRequest r) {
    long n = 0;
    for (Message m : r.messages()) {
      n += PER_MESSAGE;
      for (ContentPart p : m.content()) {
        n += part(p);
      }
    }
    if (!r.tools().isEmpty()) {
      n += TOOL_SYSTEM_PROMPT;
      for (ToolDefinition t : r.tools()) {
        n += text(t.name()) + text(t.description()) + (t.parameters() == null ? 0 : text(t.parameters().toString()));
      }
    }
    return n;
  }

  private static long part(ContentPart p) {
    return switch (p) {
      case ContentPart.Text t -> text(t.text());
      case ContentPart.Image i -> image(i.source());
      case ContentPart.ToolCall c -> text(c.name()) + text(c.arguments()) + PER_MESSAGE;
      case ContentPart.ToolResult tr -> {
        long n = PER_MESSAGE;
        for (ContentPart inner : tr.content()) {
          n += part(inner);
        }
        yield n;
      }
      case ContentPart.Reasoning rs -> rs.text() == null ? 0 : text(rs.text());
    };
  }

  /** The o200k BPE count of a text (an answer streamed before it was cut, say). */
  public static long textTokens(CharSequence s) {
    return s == null || s.length() == 0 ? 0 : Holder.O200K.countTokensOrdinary(s.toString());
  }

  private static long text(String s) {
    if (s == null || s.isEmpty()) {
      return 0;
    }
    return Holder.COUNTS.get(s, t -> Holder.O200K.countTokensOrdinary(t));
  }

  /** The o200k BPE count of texts, for providers that report no usage for them (Gemini's embeddings). */
  public static long ofTexts(java.util.List<String> texts) {
    long n = 0;
    for (String t : texts) {
      n += text(t);
    }
    return n;
  }

  /** width × height / 750 from the image header when it is a base64 PNG or GIF, else the maximum. */
  static long image(ImageSource src) {
    if (src instanceof ImageSource.Base64 b) {
      int[] wh = dimensions(b);
      if (wh != null) {
        return Math.max(1, Math.min(MAX_IMAGE, ((long) wh[0] * wh[1] + 749) / 750));
      }
    }
    return MAX_IMAGE;
  }

  private static int[] dimensions(ImageSource.Base64 b) {
    try {
      // 32 base64 characters decode to the 24 header bytes both formats need.
      String head = b.data().length() >= 32 ? b.data().substring(0, 32) : b.data();
      byte[] h = Base64.getDecoder().decode(head);
      if (b.mediaType().equals("image/png") && h.length >= 24) {
        return new int[] {be32(h, 16), be32(h, 20)};
      }
      if (b.mediaType().equals("image/gif") && h.length >= 10) {
        return new int[] {(h[6] & 0xFF) | (h[7] & 0xFF) << 8, (h[8] & 0xFF) | (h[9] & 0xFF) << 8};
      }
    } catch (IllegalArgumentException notBase64) {
      // validated upstream; treat as unknown size
    }
    return null;
  }

  private static int be32(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }
}
