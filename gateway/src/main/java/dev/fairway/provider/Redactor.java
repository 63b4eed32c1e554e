package dev.fairway.provider;

import dev.fairway.api.GatewayError;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.ProviderConfig;
import dev.fairway.catalog.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes credentials from text that came from a provider before it can reach a client or a log:
 * the exact secret values the gateway was configured with (and their base64 and URL-encoded
 * forms), whatever their shape, and anything that looks like a key or a credential header even
 * when the gateway does not know it (an upstream echoing a proxy's token, say).
 *
 * <p>Exact values matter: a self-hosted server's token or an Azure key (32 hex digits) has no
 * recognisable shape, and an upstream that echoes the request's headers in its error puts it in
 * the message, the param or the code.
 */
public final class Redactor {
  public static final String MARK = "[redacted]";
  /** Shorter configured values are not searched for: they would match ordinary words. */
  static final int MIN_SECRET_LENGTH = 8;

  // Provider keys by shape: OpenAI/Anthropic/Groq "sk-..."/"gsk_...", Google "AIza...", AWS access
  // key ids; then credential headers or parameters with any value.
  private static final Pattern SHAPES = Pattern.compile(
      "sk-[A-Za-z0-9_\\-*]{6,}|gsk_[A-Za-z0-9*]{6,}|AIza[A-Za-z0-9_\\-*]{10,}|A[KS]IA[A-Z0-9]{12,}"
      + "|(?i:bearer|basic)\\s+[^\\s\"',;]+"
      + "|(?i:\\b(?:x-goog-api-key|x-api-key|api-key|x-amz-security-token|authorization|api_key|key)"
      + "\\s*[:=]\\s*\"?(?:(?:bearer|basic)\\s+)?)[^\\s\"',;&]+");

  /** Shapes only, for code that has no catalog at hand. */
  public static final Redactor SHAPES_ONLY = new Redactor(List.of());

  private final List<String> values; // longest first, so a value that contains another goes whole

  private Redactor(Collection<String> secrets) {
    Set<String> forms = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s == null || s.length() < MIN_SECRET_LENGTH) {
        continue;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      forms.add(s);
      forms.add(Base64.getEncoder().encodeToString(b));
      forms.add(Base64.getEncoder().withoutPadding().encodeToString(b));
      forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
      forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
    }
    List<String> v = new ArrayList<>(forms);
    v.sort((a, c) -> c.length() - a.length());
    this.values = List.copyOf(v);
  }

  /** A redactor for these secret values (blank and very short ones are ignored). */
  public static Redactor of(Collection<Secret> secrets) {
    List<String> v = new ArrayList<>();
    secrets.forEach(s -> v.add(s == null ? null : s.value()));
    return new Redactor(v);
  }

  /**
   * Every credential the catalog holds: API keys, AWS secret keys and session tokens, and the
   * values of extra headers (which often carry a second token).
   */
  public static Redactor forCatalog(Catalog catalog) {
    List<String> v = new ArrayList<>();
    for (ProviderConfig p : catalog.providers().values()) {
      if (p.apiKey() != null) {
        v.add(p.apiKey().value());
      }
      if (p.aws() != null) {
        v.add(p.aws().secretAccessKey() == null ? null : p.aws().secretAccessKey().value());
        v.add(p.aws().sessionToken() == null ? null : p.aws().sessionToken().value());
      }
      v.addAll(p.headers().values());
    }
    return new Redactor(v);
  }

  /** The text with every known secret (in any of its forms) and every key-shaped string replaced by {@link #MARK}. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String t = text;
    for (String v : values) {
      if (t.contains(v)) {
        t = t.replace(v, MARK);
      }
    }
    return SHAPES.matcher(t).replaceAll(MARK);
  }

  /** The error with its message, parameter and upstream code (the provider's code or type) redacted. */
  public GatewayError redact(GatewayError e) {
    String message = redact(e.getMessage());
    String param = redact(e.param());
    String code = redact(e.upstreamCode());
    if (message.equals(e.getMessage()) && java.util.Objects.equals(param, e.param())
        && java.util.Objects.equals(code, e.upstreamCode())) {
      return e;
    }
    return e.withMessage(message).withParam(param).withUpstream(e.upstreamStatus(), code);
  }
}
