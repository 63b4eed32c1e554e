package dev.fairway.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What AWS checks before a Bedrock call: a well-formed SigV4 {@code Authorization} header scoped to
 * the {@code bedrock} service, an {@code X-Amz-Date} within 15 minutes, and, when the mock knows the
 * caller's secret, the signature itself, recomputed with the AWS SDK's signer over the request as
 * received. Failures carry AWS's own exception names and wordings.
 */
final class SigV4Check {
  private SigV4Check() {}

  /** A refusal: HTTP status, {@code x-amzn-ErrorType}, message. */
  record Refusal(int status, String type, String message) {}

  private static final Pattern AUTH = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request,\\s*"
          + "SignedHeaders=([a-z0-9;\\-]+),\\s*Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);

  /** Null when the request is signed acceptably; else why AWS would refuse it. */
  static Refusal check(HttpServerRequest req, Buffer body, String[] expected, Instant now) {
    String auth = req.getHeader("authorization");
    if (auth == null || auth.isBlank()) {
      return new Refusal(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    Matcher m = AUTH.matcher(auth.trim());
    String date = req.getHeader("x-amz-date");
    if (!m.matches() || date == null) {
      return new Refusal(403, "IncompleteSignatureException", "Authorization header requires 'Credential',"
          + " 'Signature' and 'SignedHeaders' parameters, and the request an X-Amz-Date header.");
    }
    String keyId = m.group(1);
    String region = m.group(3);
    String service = m.group(4);
    List<String> signedHeaders = List.of(m.group(5).split(";"));
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return new Refusal(403, "IncompleteSignatureException", "Date must be in ISO-8601 'basic format'. Got '"
          + date + "'.");
    }
    if (!date.startsWith(m.group(2))) {
      return new Refusal(403, "InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from"
          + " ISO-8601 version of date from HTTP: '" + m.group(2) + "' != '" + date.substring(0, 8) + "'.");
    }
    if (!service.equals("bedrock")) {
      return new Refusal(403, "InvalidSignatureException",
          "Credential should be scoped to correct service: 'bedrock'.");
    }
    if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")) {
      return new Refusal(403, "InvalidSignatureException", "'Host' and 'X-Amz-Date' must be signed headers.");
    }
    if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
      return new Refusal(403, "InvalidSignatureException", "Signature expired: " + date + " is now earlier than "
          + AMZ_DATE.format(now.minus(MAX_SKEW).atOffset(ZoneOffset.UTC)) + ".");
    }
    if (expected == null) {
      return null;
    }
    if (!keyId.equals(expected[0])) {
      return new Refusal(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }
    String recomputed = signature(req, body, signedHeaders, keyId, expected[1], region, signedAt);
    if (recomputed == null || !MessageDigest.isEqual(recomputed.getBytes(StandardCharsets.US_ASCII),
        m.group(6).getBytes(StandardCharsets.US_ASCII))) {
      return new Refusal(403, "InvalidSignatureException", "The request signature we calculated does not match the"
          + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
          + " documentation for details.");
    }
    return null;
  }

  /** The signature the AWS SDK computes over the received request's signed headers and body. */
  private static String signature(HttpServerRequest req, Buffer body, List<String> signedHeaders, String keyId,
      String secret, String region, Instant signedAt) {
    String host = req.getHeader("host");
    if (host == null) {
      return null;
    }
    int colon = host.lastIndexOf(':');
    SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.fromValue(req.method().name()))
        .protocol("http")
        .host(colon > 0 ? host.substring(0, colon) : host)
        .port(colon > 0 ? Integer.parseInt(host.substring(colon + 1)) : 80)
        .encodedPath(req.path());
    List<String> copied = new ArrayList<>();
    for (String h : signedHeaders) {
      // The signer sets these itself, from the clock, the URL and the body it is given.
      if (h.equals("host") || h.equals("x-amz-date") || h.equals("x-amz-content-sha256")) {
        continue;
      }
      for (String v : req.headers().getAll(h)) {
        b.appendHeader(h, v);
      }
      copied.add(h);
    }
    byte[] payload = body.getBytes();
    String auth = AwsV4HttpSigner.create().sign(r -> r
            .identity(AwsCredentialsIdentity.create(keyId, secret))
            .request(b.build())
            .payload(() -> new ByteArrayInputStream(payload))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
            .putProperty(AwsV4HttpSigner.REGION_NAME, region)
            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
        .request().firstMatchingHeader("Authorization").orElse("");
    Matcher m = AUTH.matcher(auth);
    if (!m.matches() || !m.group(5).toLowerCase(Locale.ROOT).equals(String.join(";", signedHeaders))) {
      return null; // the client signed a different header set than it declared
    }
    return m.group(6);
  }
}
