package dev.fairway.cli;

import dev.fairway.neutrality.Window;
import picocli.CommandLine.Option;

/** The time window the audit commands read ({@code --from}, {@code --to}), shared as a picocli mixin. */
final class WindowOptions {
  @Option(names = "--from", paramLabel = "WHEN",
      description = "Start, inclusive: a date (YYYY-MM-DD, UTC) or an instant (2025-03-10T12:00:00Z). Default: the log's beginning.")
  String from;

  @Option(names = "--to", paramLabel = "WHEN", description = "End, exclusive, like --from. Default: the log's end.")
  String to;

  /** The window; an {@link IllegalArgumentException} names what is wrong with either bound. */
  Window window() {
    return Window.parse(from, to);
  }
}
