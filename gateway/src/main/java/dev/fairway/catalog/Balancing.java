package dev.fairway.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How calls to a model are spread over its deployments. */
public enum Balancing {
  /** Smooth weighted round-robin. */
  WEIGHTED("weighted"),
  /** The deployment with the fewest calls in flight (per unit of weight). */
  LEAST_OUTSTANDING("least-outstanding"),
  /** Lowest expected latency: EWMA of recent latency times calls in flight, power of two choices. */
  LATENCY("latency"),
  /** Most remaining rate-limit headroom (configured RPM/TPM and the provider's own headers). */
  RATE_LIMIT("rate-limit");

  private final String configName;

  Balancing(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Optional<Balancing> parse(String s) {
    String n = s.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(b -> b.configName.equals(n)).findFirst();
  }
}
