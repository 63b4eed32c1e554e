package dev.fairway.config;

import java.time.Duration;

/** Validates the {@code transparency:} section into a {@link TransparencyConfig}. */
final class TransparencySection {
  private TransparencySection() {}

  static TransparencyConfig read(YamlSource src, RawConfig.Transparency t) {
    TransparencyConfig d = TransparencyConfig.defaults();
    if (t == null) {
      return d;
    }
    String origin = d.origin();
    if (t.origin() != null) {
      origin = ValueChecks.clean(src, "/transparency/origin", t.origin());
      // The origin is the first line of every signed checkpoint: one line, printable, no spaces.
      if (origin.isEmpty() || !origin.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw src.error("/transparency/origin", "expected a name without spaces, such as gateway.example.com/fairway");
      }
    }
    Duration interval = t.checkpointIntervalMs() == null ? d.checkpointInterval()
        : ServerSection.positive(src, "/transparency/checkpoint_interval_ms", t.checkpointIntervalMs());
    return new TransparencyConfig(t.enabled() == null || t.enabled(), origin, interval);
  }
}
