package dev.fairway.tenancy;

import dev.fairway.storage.Database;
import dev.fairway.testing.TestDatabases;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One migrated database of each kind for all the tenancy tests of a run (creating and migrating
 * a PostgreSQL database costs seconds), dropped when the run ends. Tests sharing one use ids of
 * their own, so they never see each other's rows.
 */
public final class SharedDatabases implements BeforeAllCallback {
  private static final Map<TestDatabases.Kind, Database> OPEN = new EnumMap<>(TestDatabases.Kind.class);
  private static ExtensionContext.Store root;

  @Override
  public void beforeAll(ExtensionContext context) {
    synchronized (OPEN) {
      root = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
    }
  }

  /** The shared database of {@code kind}, opened on first use. */
  public static Database get(TestDatabases.Kind kind) {
    synchronized (OPEN) {
      if (root == null) {
        throw new IllegalStateException("annotate the test class with @ExtendWith(SharedDatabases.class)");
      }
      return root.getOrComputeIfAbsent(SharedDatabases.class.getName() + "." + kind, k -> new Shared(kind),
          Shared.class).db;
    }
  }

  private static final class Shared implements ExtensionContext.Store.CloseableResource {
    final TestDatabases.Handle handle;
    final Database db;

    Shared(TestDatabases.Kind kind) {
      handle = TestDatabases.open(kind);
      db = Database.open(handle.config());
    }

    @Override
    public void close() {
      try {
        db.close();
      } finally {
        handle.close();
      }
    }
  }
}
