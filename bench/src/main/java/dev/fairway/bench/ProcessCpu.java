package dev.fairway.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A process's CPU time from {@code /proc} (Linux): all of it, user + system, and per thread that of
 * the JIT compiler threads, so a figure can be given with and without the compilation a JVM still
 * does after the warm-up (a one-off cost, not one per request). Elsewhere every reading is -1.
 *
 * @param totalMicros every thread's CPU, those that exited included
 * @param jitMicros CPU of each live JIT compiler thread ({@code C1/C2 CompilerThread}), by thread id
 */
record ProcessCpu(long totalMicros, Map<Long, Long> jitMicros) {
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

  static ProcessCpu read(long pid) {
    long total = micros(Path.of("/proc", Long.toString(pid), "stat"));
    Map<Long, Long> jit = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks) {
        String comm = Files.readString(t.resolve("comm")).trim();
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
          long m = micros(t.resolve("stat"));
          if (m >= 0) {
            jit.put(Long.parseLong(t.getFileName().toString()), m);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // a thread that exited while listed, or no /proc: its share is not known
    }
    return new ProcessCpu(total, jit);
  }

  /**
   * The JIT compiler threads' CPU since {@code earlier}: a thread that exited in between is left
   * out (its share is unknown, so the figure without JIT errs high, never low).
   */
  long jitSince(ProcessCpu earlier) {
    long sum = 0;
    for (var e : jitMicros.entrySet()) {
      sum += e.getValue() - earlier.jitMicros.getOrDefault(e.getKey(), 0L);
    }
    return sum;
  }

  /** User + system time in a {@code stat} file (fields 14 and 15), in microseconds; -1 if unreadable. */
  static long micros(Path stat) {
    try {
      String s = Files.readString(stat);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000L / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
