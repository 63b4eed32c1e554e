package dev.fairway.catalog;

/**
 * AWS credentials configured for one Bedrock provider, used instead of the default provider chain:
 * static keys (optionally temporary, with a session token) or a named profile. Lets one gateway
 * call several AWS accounts, and tests sign requests without touching the environment.
 */
public record AwsAuth(String accessKeyId, Secret secretAccessKey, Secret sessionToken, String profile) {

  public AwsAuth {
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException("an AWS access key id and secret access key go together");
    }
    if (sessionToken != null && accessKeyId == null) {
      throw new IllegalArgumentException("an AWS session token needs an access key id and secret");
    }
    if (profile != null && accessKeyId != null) {
      throw new IllegalArgumentException("give either AWS keys or an AWS profile, not both");
    }
  }

  public static AwsAuth keys(String accessKeyId, String secretAccessKey) {
    return new AwsAuth(accessKeyId, new Secret(secretAccessKey), null, null);
  }

  public boolean hasKeys() {
    return accessKeyId != null;
  }

  @Override
  public String toString() {
    return hasKeys() ? "AwsAuth[keys " + (accessKeyId.length() > 4 ? accessKeyId.substring(0, 4) + "…" : "…") + "]"
        : "AwsAuth[profile " + profile + "]";
  }
}
