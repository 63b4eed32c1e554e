package dev.fairway.eval;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error: redrawn in place on a terminal, a line per 10%
 * otherwise (CI logs). {@link #NONE} for tests.
 */
public class Progress {
  public static final Progress NONE = new Progress(null, false);

  private final PrintStream out;
  private final boolean terminal;
  private String label = "";
  private long total;
  private long lastDraw;
  private int lastDecile = -1;

  private Progress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  public static Progress stderr() {
    return new Progress(System.err, System.console() != null);
  }

  public void start(String what, long steps) {
    label = what;
    total = Math.max(1, steps);
    lastDecile = -1;
    lastDraw = 0;
    update(0);
  }

  public void update(long done) {
    if (out == null) {
      return;
    }
    int pct = (int) Math.min(100, 100 * done / total);
    if (terminal) {
      long now = System.nanoTime();
      if (done < total && now - lastDraw < 100_000_000L) {
        return;
      }
      lastDraw = now;
      int filled = pct * 30 / 100;
      out.print(String.format(Locale.ROOT, "\r%-28s [%s%s] %3d%% %d/%d", label, "#".repeat(filled),
          ".".repeat(30 - filled), pct, done, total));
      if (done >= total) {
        out.println();
      }
    } else if (pct / 10 != lastDecile) {
      lastDecile = pct / 10;
      out.println(String.format(Locale.ROOT, "%s: %d%% (%d/%d)", label, pct, done, total));
    }
  }

  /** A line of its own (between bars). */
  public void note(String text) {
    if (out != null) {
      out.println(text);
    }
  }
}
