package dev.fairway.cli;

import dev.fairway.mock.MockBehaviour;
import dev.fairway.mock.MockServer;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fairway mock}: a simulated provider for tests, demos and benchmarks. */
@Command(name = "mock", mixinStandardHelpOptions = true,
    description = "Run a mock LLM provider on loopback: faithful wire protocol, deterministic answers,"
        + " configurable latency and injected failures.")
final class MockCommand implements Callable<Integer> {

  @Option(names = {"-p", "--port"}, required = true, description = "Port to listen on (0 picks a free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--protocol", split = ",", description = "Protocols to speak: ${COMPLETION-CANDIDATES} (default: all).")
  List<MockServer.Protocol> protocols;

  @Option(names = "--ttft-ms", defaultValue = "0", description = "Delay before the first token, ms.")
  long ttftMs;

  @Option(names = "--tokens-per-s", defaultValue = "0", description = "Streaming pace; 0 = all at once.")
  double tokensPerSecond;

  @Option(names = "--error-rate", defaultValue = "0", description = "Probability of an injected error, 0..1.")
  double errorRate;

  @Option(names = "--error-status", defaultValue = "500", description = "HTTP status of injected errors.")
  int errorStatus;

  @Option(names = "--fault", defaultValue = "none", description = "Transport fault: ${COMPLETION-CANDIDATES}; on every call, or with --error-rate on that fraction of calls.")
  MockBehaviour.Fault fault;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the error-injection sequence.")
  long seed;

  @Option(names = "--api-key", description = "Reject calls without this key (default: accept any).")
  String apiKey;

  @Option(names = "--aws-access-key-id", description = "Bedrock: verify SigV4 signatures made with this key id...")
  String awsAccessKeyId;

  @Option(names = "--aws-secret-access-key", description = "...and this secret (default: check only their form).")
  String awsSecretAccessKey;

  /** Keeps a started mock running and closes it when done; by default until the process is stopped. */
  interface Lifetime {
    void hold(MockServer mock);
  }

  Lifetime lifetime = MockCommand::untilShutdown;

  @Override
  public Integer call() {
    String invalid = invalid();
    if (invalid != null) {
      System.err.println("fairway mock: " + invalid);
      return 2;
    }
    MockBehaviour b = MockBehaviour.DEFAULT.withTtftMs(ttftMs).withTokensPerSecond(tokensPerSecond)
        .withErrors(errorRate, errorStatus).withFault(fault);
    EnumSet<MockServer.Protocol> ps = protocols == null || protocols.isEmpty()
        ? EnumSet.allOf(MockServer.Protocol.class) : EnumSet.copyOf(protocols);
    MockServer m = MockServer.start(new MockServer.Config(host, port, ps, b, seed, apiKey));
    m.expectAwsCredentials(awsAccessKeyId, awsSecretAccessKey);
    System.out.println("Mock provider (" + ps + ") listening on " + m.baseUrl());
    System.out.flush();
    lifetime.hold(m);
    return 0;
  }

  /** What is wrong with the options (beyond what picocli's parsing rejects), or null. */
  private String invalid() {
    if (errorRate < 0 || errorRate > 1) {
      return "--error-rate must be between 0 and 1";
    }
    if (ttftMs < 0) {
      return "--ttft-ms must be 0 or more, got " + ttftMs;
    }
    if (tokensPerSecond < 0 || !Double.isFinite(tokensPerSecond)) {
      return "--tokens-per-s must be 0 (all at once) or more, got " + tokensPerSecond;
    }
    if (errorStatus < 400 || errorStatus > 599) {
      return "--error-status must be an HTTP error status (400..599), got " + errorStatus;
    }
    if ((awsAccessKeyId == null) != (awsSecretAccessKey == null)) {
      return "--aws-access-key-id and --aws-secret-access-key go together";
    }
    return null;
  }

  private static void untilShutdown(MockServer m) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      m.close();
      stopped.countDown();
    }, "mock-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
