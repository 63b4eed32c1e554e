package dev.fairway.ingress;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's routes and the methods each path takes, so that a wrong method gets 405 with
 * {@code Allow}, and {@code OPTIONS} an honest answer, from the same table the router uses. Every
 * GET endpoint also answers HEAD (load balancers' health checks).
 */
final class Endpoints {
  private final Router router;
  private final Map<String, Set<String>> methods = new LinkedHashMap<>();

  Endpoints(Router router) {
    this.router = router;
  }

  Route get(String path) {
    note(path, "GET", "HEAD");
    return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
  }

  Route post(String path) {
    note(path, "POST");
    return router.route(path).method(HttpMethod.POST);
  }

  private void note(String path, String... ms) {
    Set<String> s = methods.computeIfAbsent(path, k -> new LinkedHashSet<>());
    for (String m : ms) {
      s.add(m);
    }
  }

  /** The Allow header for a path: its methods and OPTIONS; null when no endpoint has the path. */
  String allow(String path) {
    for (Map.Entry<String, Set<String>> e : methods.entrySet()) {
      if (matches(e.getKey(), path)) {
        Set<String> all = new LinkedHashSet<>(e.getValue());
        all.add("OPTIONS");
        return String.join(", ", all);
      }
    }
    return null;
  }

  /** A route pattern ({@code /v1/models/:model}) against a request path; a parameter matches one segment. */
  static boolean matches(String pattern, String path) {
    String[] p = pattern.split("/", -1);
    String[] s = path.split("/", -1);
    if (p.length != s.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (!(p[i].startsWith(":") ? !s[i].isEmpty() : p[i].equals(s[i]))) {
        return false;
      }
    }
    return true;
  }
}
