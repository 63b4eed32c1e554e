package dev.fairway.provider.bedrock;

import dev.fairway.catalog.AwsAuth;
import dev.fairway.catalog.ProviderConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * How Fairway proves itself to Bedrock: a Bedrock API key ({@code Authorization: Bearer}) when the
 * provider has one, otherwise Signature Version 4 with AWS credentials, signed by the AWS SDK's
 * {@link AwsV4HttpSigner} (service {@code bedrock}, the provider's region).
 */
abstract sealed class BedrockAuth {
  static final String SERVICE = "bedrock";
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  /** The request headers plus the authentication ones, for this exact method, URI and body. */
  abstract Future<MultiMap> authorize(String absoluteUri, MultiMap headers, byte[] body);

  /**
   * The provider's way in: its {@code api_key} as a Bedrock API key; else its configured AWS keys or
   * profile; else the AWS default provider chain (environment, {@code aws.accessKeyId} system
   * properties, web identity, profile files, container and instance metadata).
   */
  static BedrockAuth of(ProviderConfig config, Vertx vertx, Clock clock) {
    if (config.apiKey() != null && !config.apiKey().isBlank()) {
      return new Bearer(config.apiKey().value());
    }
    AwsCredentialsCache cache = new AwsCredentialsCache(credentials(config.aws()), vertx, clock, config.id());
    cache.refresh(); // warm up off the event loop, so the first call rarely waits
    return new SigV4(cache, config.region(), clock);
  }

  static IdentityProvider<? extends AwsCredentialsIdentity> credentials(AwsAuth aws) {
    if (aws == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    if (aws.hasKeys()) {
      return StaticCredentialsProvider.create(aws.sessionToken() == null
          ? AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey().value())
          : AwsSessionCredentials.create(aws.accessKeyId(), aws.secretAccessKey().value(), aws.sessionToken().value()));
    }
    return ProfileCredentialsProvider.builder().profileName(aws.profile()).build();
  }

  /** A Bedrock API key (long- or short-term), sent as a bearer token. */
  static final class Bearer extends BedrockAuth {
    private final String header;

    Bearer(String key) {
      this.header = "Bearer " + key;
    }

    @Override
    Future<MultiMap> authorize(String absoluteUri, MultiMap headers, byte[] body) {
      return Future.succeededFuture(MultiMap.caseInsensitiveMultiMap().addAll(headers).set("authorization", header));
    }
  }

  /** SigV4 with credentials from the cache; signing itself is pure computation. */
  static final class SigV4 extends BedrockAuth {
    private final AwsCredentialsCache credentials;
    private final String region;
    private final Clock clock;

    SigV4(AwsCredentialsCache credentials, String region, Clock clock) {
      this.credentials = credentials;
      this.region = region;
      this.clock = clock;
    }

    @Override
    Future<MultiMap> authorize(String absoluteUri, MultiMap headers, byte[] body) {
      return credentials.get().map(c -> sign(c, region, clock, absoluteUri, headers, body));
    }
  }

  /**
   * Signs a POST with SigV4: returns {@code headers} plus Authorization, X-Amz-Date,
   * x-amz-content-sha256, Host and (temporary credentials) X-Amz-Security-Token.
   */
  static MultiMap sign(AwsCredentialsIdentity credentials, String region, Clock clock, String absoluteUri,
      MultiMap headers, byte[] body) {
    URI uri = URI.create(absoluteUri);
    SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.POST)
        .protocol(uri.getScheme())
        .host(uri.getHost())
        .port(uri.getPort() < 0 ? null : uri.getPort())
        .encodedPath(uri.getRawPath());
    headers.forEach(e -> b.appendHeader(e.getKey(), e.getValue()));
    SdkHttpRequest signed = SIGNER.sign(r -> r
        .identity(credentials)
        .request(b.build())
        .payload(() -> new ByteArrayInputStream(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    signed.forEachHeader((name, values) -> values.forEach(v -> out.add(name, v)));
    return out;
  }
}
