package dev.fairway.transparency;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 (RFC 8032) on the JDK's own provider, with keys as their raw 32-byte forms: the seed
 * for the private key, the encoded point for the public key (what signed notes and every other
 * implementation exchange), not Java's ASN.1 wrappings.
 */
final class Ed25519 {
  private Ed25519() {}

  static final int KEY_SIZE = 32;
  static final int SIGNATURE_SIZE = 64;

  /** The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw key follows it. */
  private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  /** A fresh key pair as {@code seed || public key} (64 bytes). */
  static byte[] generate(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, random);
      KeyPair kp = g.generateKeyPair();
      byte[] seed = ((EdECPrivateKey) kp.getPrivate()).getBytes().orElseThrow();
      byte[] spki = kp.getPublic().getEncoded();
      byte[] out = Arrays.copyOf(seed, 2 * KEY_SIZE);
      System.arraycopy(spki, spki.length - KEY_SIZE, out, KEY_SIZE, KEY_SIZE);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make Ed25519 keys", e);
    }
  }

  static PrivateKey privateKey(byte[] seed) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("not an Ed25519 private key", e);
    }
  }

  /** The public key of raw bytes {@code raw}; throws IllegalArgumentException when they are not one. */
  static PublicKey publicKey(byte[] raw) {
    if (raw.length != KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, not " + raw.length);
    }
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki(raw)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  /** The SubjectPublicKeyInfo (DER) of raw public key {@code raw}, as PEM files carry it. */
  static byte[] spki(byte[] raw) {
    byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_SIZE);
    System.arraycopy(raw, 0, der, SPKI_PREFIX.length, KEY_SIZE);
    return der;
  }

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_SIZE) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
