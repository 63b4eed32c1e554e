package dev.fairway.routing;

import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Model;
import java.util.HashSet;
import java.util.Set;

/**
 * What a tenant may ask for: the names on its key's allow-list (model ids, aliases, router
 * names), or anything. A named model is allowed when its id or one of its aliases is listed; a
 * fallback likewise (a fallback that is not allowed is dropped, never tried). A router is allowed
 * when its name is listed; it then chooses among its own candidates, restricted to the listed
 * models when the list names any.
 */
public final class Access {
  public static final Access ANY = new Access(null);

  private final Set<String> names; // null: anything

  private Access(Set<String> names) {
    this.names = names;
  }

  /** @param names the allow-list; null or empty for no restriction */
  public static Access of(Set<String> names) {
    return names == null || names.isEmpty() ? ANY : new Access(Set.copyOf(names));
  }

  public boolean restricted() {
    return names != null;
  }

  /** Whether the tenant may ask for the router {@code name}. */
  public boolean mayUseRouter(String name) {
    return names == null || names.contains(name);
  }

  /** Whether the tenant may be served by {@code m}, asked for by name or reached as a fallback. */
  public boolean mayUse(Model m, Catalog catalog) {
    if (names == null || names.contains(m.id())) {
      return true;
    }
    for (var alias : catalog.aliases().entrySet()) {
      if (alias.getValue().equals(m.id()) && names.contains(alias.getKey())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The model ids a router may choose among for this tenant, or null for any of its candidates
   * (no restriction, or a list naming routers only).
   */
  public Set<String> routerModels(Catalog catalog) {
    if (names == null) {
      return null;
    }
    Set<String> ids = new HashSet<>();
    for (String n : names) {
      catalog.find(n).ifPresent(m -> ids.add(m.id()));
    }
    return ids.isEmpty() ? null : ids;
  }

  @Override
  public String toString() {
    return names == null ? "Access[any]" : "Access" + names;
  }
}
