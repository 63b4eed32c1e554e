package dev.fairway.pipeline;

import java.util.Objects;

/**
 * The key a client presented ({@code Authorization: Bearer ...} or {@code x-api-key}), as it
 * reached the gateway. Its {@code toString} never shows the value: it must not reach logs, errors
 * or storage. Authentication hashes it; nothing else reads it.
 *
 * @param header where it came from ({@code authorization} or {@code x-api-key})
 */
public record Credential(String value, String header) {
  public Credential {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(header, "header");
  }

  @Override
  public String toString() {
    return "Credential[" + header + ": ***]";
  }
}
