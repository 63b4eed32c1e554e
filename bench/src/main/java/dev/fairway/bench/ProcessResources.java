package dev.fairway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What this process holds, for the fault suite's leak check: live threads, TCP connections by the
 * role they play, all open sockets, and heap in use after a full collection. Linux only (it reads
 * {@code /proc}); elsewhere the socket figures are -1.
 *
 * @param threads live threads
 * @param clientConnections sockets with one end on the gateway's port other than its listener: the
 *     connections clients made to the gateway (both ends, since the clients run in this process)
 * @param upstreamConnections connections the mock accepted, i.e. the gateway's upstream pool to it
 * @param sockets every open socket of the process (listeners, connections, anything else)
 * @param heapMb heap in use after a full collection, MiB
 */
public record ProcessResources(int threads, long clientConnections, long upstreamConnections, long sockets,
    long heapMb) {

  private static final String LISTEN = "0A";

  /** Full collections whose lowest reading is taken as the heap in use. */
  static final int HEAP_READINGS = 3;

  /**
   * Reads them now. Heap: the lowest of {@link #HEAP_READINGS} readings, each after a full
   * collection. Whatever is still reachable is in every reading, so a leak cannot hide in the
   * lowest; what one reading catches in passing (a timer's or an event loop's allocations between
   * the collection and the reading) is not in all of them.
   */
  static ProcessResources read(int gatewayPort, int mockPort) throws InterruptedException {
    long heap = Long.MAX_VALUE;
    for (int i = 0; i < HEAP_READINGS; i++) {
      System.gc();
      Thread.sleep(100);
      System.gc();
      heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
    }
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    Set<String> inodes = socketInodes();
    if (inodes == null) {
      return new ProcessResources(threads, -1, -1, -1, heap);
    }
    long clients = 0;
    long upstream = 0;
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        String[] c = line.trim().split("\\s+");
        if (c.length < 10 || !inodes.contains(c[9]) || c[3].equals(LISTEN)) {
          continue;
        }
        int local = port(c[1]);
        int remote = port(c[2]);
        if (local == gatewayPort || remote == gatewayPort) {
          clients++;
        } else if (local == mockPort) {
          upstream++;
        }
      }
    }
    return new ProcessResources(threads, clients, upstream, inodes.size(), heap);
  }

  private static int port(String hexAddress) {
    return Integer.parseInt(hexAddress.substring(hexAddress.lastIndexOf(':') + 1), 16);
  }

  /** The inode numbers of this process's open sockets, or null when /proc is not there. */
  private static Set<String> socketInodes() {
    Set<String> out = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      fds.forEach(p -> {
        try {
          String target = Files.readSymbolicLink(p).toString();
          if (target.startsWith("socket:[")) {
            out.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor went away while listing: it is not held
        }
      });
    } catch (IOException e) {
      return null;
    }
    return out;
  }
}
