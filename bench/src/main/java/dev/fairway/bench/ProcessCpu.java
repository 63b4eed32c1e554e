package dev.fairway.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A process's CPU time from {@code /proc} (Linux): all of it, user + system, and per thread that of
 * the JIT compiler threads, so a figure can be given with and without the compilation a JVM still
 * does after the warm-up (a one-off cost, not one per request); and every live thread's run time in
 * nanoseconds ({@code schedstat}) by {@link #group}, so a difference between two gateways can be
 * put on the threads that spent it. Elsewhere every reading is -1 or empty.
 *
 * @param totalMicros every thread's CPU, those that exited included
 * @param jitMicros CPU of each live JIT compiler thread ({@code C1/C2 CompilerThread}), by thread id
 * @param threads each live thread's group and run time, by thread id
 */
record ProcessCpu(long totalMicros, Map<Long, Long> jitMicros, Map<Long, ThreadCpu> threads) {
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

  /** The thread groups, in report order. */
  static final List<String> GROUPS = List.of("event_loop", "outbox_writer", "gc", "jit", "other");

  /** One thread's group and its run time so far, nanoseconds. */
  record ThreadCpu(String group, long nanos) {}

  /** The group of a thread by its name as {@code /proc} gives it (the first 15 characters). */
  static String group(String comm) {
    if (comm.startsWith("vert.x-eventloo")) {
      return "event_loop";
    }
    if (comm.startsWith("fairway-outbox")) {
      return "outbox_writer";
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
      return "gc";
    }
    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
      return "jit";
    }
    return "other";
  }

  static ProcessCpu read(long pid) {
    long total = micros(Path.of("/proc", Long.toString(pid), "stat"));
    Map<Long, Long> jit = new HashMap<>();
    Map<Long, ThreadCpu> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks) {
        try {
          long tid = Long.parseLong(t.getFileName().toString());
          String group = group(Files.readString(t.resolve("comm")).trim());
          if (group.equals("jit")) {
            long m = micros(t.resolve("stat"));
            if (m >= 0) {
              jit.put(tid, m);
            }
          }
          long ns = runNanos(t.resolve("schedstat"));
          if (ns >= 0) {
            threads.put(tid, new ThreadCpu(group, ns));
          }
        } catch (IOException | RuntimeException e) {
          // a thread that exited while listed: its share is not known
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc
    }
    return new ProcessCpu(total, jit, threads);
  }

  /**
   * Run time per group since {@code earlier}, nanoseconds: a thread started in between counts from
   * zero, one that exited in between is left out. Every group of {@link #GROUPS} is present.
   */
  Map<String, Long> byGroupSince(ProcessCpu earlier) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    GROUPS.forEach(g -> out.put(g, 0L));
    for (var e : threads.entrySet()) {
      ThreadCpu before = earlier.threads.get(e.getKey());
      long since = e.getValue().nanos() - (before == null ? 0 : before.nanos());
      out.merge(e.getValue().group(), since, Long::sum);
    }
    return out;
  }

  /** The first field of a {@code schedstat} file: time spent running, nanoseconds; -1 if unreadable. */
  static long runNanos(Path schedstat) {
    try {
      String s = Files.readString(schedstat);
      int sp = s.indexOf(' ');
      return Long.parseLong(sp < 0 ? s.trim() : s.substring(0, sp));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
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
