package dev.fairway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's JDK discovery (scripts/env.sh), run by bash against fake JDK folders. */
class LauncherScriptTest {
  static final Path ENV = Path.of("..", "scripts", "env.sh").toAbsolutePath().normalize();

  record Out(int code, String text) {}

  static Out bash(String script, Path home) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". '" + ENV + "'; " + script).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("FAIRWAY_JAVA_HOME");
    pb.environment().put("PATH", "/usr/bin:/bin");
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new Out(p.exitValue(), text);
  }

  static Path fakeJdk(Path root, String name, String version) throws IOException {
    Path home = root.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    for (String tool : new String[] {"java", "javac"}) {
      Path t = home.resolve("bin").resolve(tool);
      Files.writeString(t, "#!/bin/sh\necho 'openjdk version \"" + version + "\"' >&2\n");
      t.toFile().setExecutable(true);
    }
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    return home;
  }

  @Test
  void readsTheFeatureVersionOfAJdk(@TempDir Path dir) throws Exception {
    assertThat(bash("fairway_jdk_version '" + fakeJdk(dir, "a", "21.0.4") + "'", dir).text().trim()).isEqualTo("21");
    assertThat(bash("fairway_jdk_version '" + fakeJdk(dir, "b", "1.8.0_392") + "'", dir).text().trim()).isEqualTo("8");
    assertThat(bash("fairway_jdk_version '" + dir.resolve("missing") + "' || echo none", dir).text().trim())
        .isEqualTo("none");
  }

  @Test
  void prefersJavaHomeWhenItIsNewEnough(@TempDir Path dir) throws Exception {
    Path jdk = fakeJdk(dir, "jdk-22", "22.0.1");
    Out o = bash("JAVA_HOME='" + jdk + "'; fairway_find_jdk; echo \"$JAVA_HOME\"", dir);
    assertThat(o.code()).isZero();
    assertThat(o.text().trim()).isEqualTo(jdk.toRealPath().toString());
  }

  @Test
  void picksTheNewestJdkUnderTheInstallRootsWhenJavaHomeIsTooOld(@TempDir Path dir) throws Exception {
    Path old = fakeJdk(dir, "jdk-17", "17.0.9");
    fakeJdk(dir, "jdk-21", "21.0.2");
    Path newest = fakeJdk(dir, "jdk-25", "25.0.1");
    Out o = bash("JAVA_HOME='" + old + "'; FAIRWAY_JDK_ROOTS='" + dir + "/*'; fairway_find_jdk; echo \"$JAVA_HOME\"", dir);
    assertThat(o.text().trim()).isEqualTo(newest.toRealPath().toString());
  }

  @Test
  void explainsWhatToInstallWhenNoJdkIsNewEnough(@TempDir Path dir) throws Exception {
    Path old = fakeJdk(dir, "jdk-17", "17.0.9");
    Out o = bash("JAVA_HOME='" + old + "'; FAIRWAY_JDK_ROOTS='" + dir + "/*'; fairway_find_jdk; echo unreachable", dir);
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.text()).contains("no JDK 21 or newer found").contains("openjdk-21-jdk").doesNotContain("unreachable");
  }
}
