package dev.fairway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.catalog.Secret;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyFormatTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void aKeyIsPrefixIdAndA256BitBase62Secret() {
    String id = KeyFormat.newId(random);
    String secret = KeyFormat.newSecret(random);
    String key = KeyFormat.format(id, secret);

    assertThat(key).matches("sk-fw-[0-9a-z]{12}-[0-9A-Za-z]{43}");
    assertThat(43 * Math.log(62) / Math.log(2)).isGreaterThanOrEqualTo(256);
    assertThat(KeyFormat.wellFormed(key)).isTrue();
    assertThat(KeyFormat.id(key)).isEqualTo(id);
    assertThat(KeyFormat.secretHash(key)).isEqualTo(KeyFormat.hashOfSecret(secret)).hasSize(32);
  }

  @Test
  void secretsAndIdsDoNotRepeat() {
    Set<String> secrets = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      secrets.add(KeyFormat.newSecret(random));
      ids.add(KeyFormat.newId(random));
    }
    assertThat(secrets).hasSize(10_000);
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void anythingNotShapedLikeAKeyIsMalformed() {
    String good = KeyFormat.format(KeyFormat.newId(random), KeyFormat.newSecret(random));
    assertThat(KeyFormat.wellFormed(good.substring(0, good.length() - 1))).isFalse();
    assertThat(KeyFormat.wellFormed(good + "x")).isFalse();
    assertThat(KeyFormat.wellFormed("sk-" + good.substring(3).toUpperCase())).isFalse();
    assertThat(KeyFormat.wellFormed(good.replace("sk-fw-", "sk-xx-"))).isFalse();
    assertThat(KeyFormat.wellFormed(good.substring(0, 20) + "_" + good.substring(21))).isFalse();
    assertThat(KeyFormat.wellFormed("sk-fw-ABCDEFGHIJKL-" + "a".repeat(43))).isFalse(); // ids are lowercase
    assertThat(KeyFormat.wellFormed("")).isFalse();
    assertThat(KeyFormat.wellFormed(TenancyHarness.MASTER)).isFalse();
  }

  @Test
  void hashesCompareOnlyWhenEqual() {
    byte[] a = KeyFormat.hashOfSecret("one");
    assertThat(KeyFormat.same(a, KeyFormat.hashOfSecret("one"))).isTrue();
    assertThat(KeyFormat.same(a, KeyFormat.hashOfSecret("two"))).isFalse();
    assertThat(KeyFormat.same(a, null)).isFalse();
  }

  @Test
  void theMasterKeyMatchesOnlyItselfAndNeverShowsItself() {
    MasterKey m = MasterKey.of(new Secret("  correct-horse-battery-staple  "));
    assertThat(m.matches("correct-horse-battery-staple")).isTrue();
    assertThat(m.matches("correct-horse-battery-stapl")).isFalse();
    assertThat(m.matches("correct-horse-battery-staple2")).isFalse();
    assertThat(m.matches(null)).isFalse();
    assertThat(m.toString()).doesNotContain("horse");
    assertThat(MasterKey.generate(random).value()).matches("sk-fw-master-[0-9A-Za-z]{43}");
  }

  @Test
  void aShortMasterKeyIsRefusedNamingTheSettingNotTheValue() {
    assertThatThrownBy(() -> MasterKey.of(new Secret("sk-1234")))
        .hasMessageContaining("server.master_key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-1234"));
  }

  @Test
  void credentialsComeFromBearerThenXApiKey() {
    assertThat(Credentials.presented("Bearer abc", "def")).isEqualTo("abc");
    assertThat(Credentials.presented("bearer  abc ", null)).isEqualTo("abc");
    assertThat(Credentials.presented("Basic xyz", "def")).isEqualTo("def");
    assertThat(Credentials.presented(null, " def ")).isEqualTo("def");
    assertThat(Credentials.presented("Bearer ", "")).isNull();
    assertThat(Credentials.presented(null, null)).isNull();
  }

  @Test
  void anIssuedKeyNeverPrintsItsSecret() {
    String secret = KeyFormat.newSecret(random);
    VirtualKey k = new VirtualKey("abcdefghijkl", "n", null, null, null, null, false, 0, 0);
    IssuedKey i = new IssuedKey(k, KeyFormat.format(k.id(), secret), null);
    assertThat(i.toString()).doesNotContain(secret).contains("abcdefghijkl");
  }
}
