package dev.portcullis.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, creates and exports the log's Ed25519 signing key.
 *
 * <p>The private key file is PEM ({@code PRIVATE KEY}) holding PKCS#8. Keys created here use the
 * RFC 5958 form that also carries the public key, so the public key can be derived without any
 * other file; a plain RFC 5208 key (as {@code openssl genpkey} writes) is accepted when the
 * {@code <log>.pub} beside it belongs to it. The public key is exported as base64 of its X.509 DER.
 */
final class KeyFiles {
  private static final Logger LOG = LoggerFactory.getLogger(KeyFiles.class);
  private static final HexFormat HEX = HexFormat.of();
  /** X.509 SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410), followed by the 32 key bytes. */
  private static final byte[] X509_PREFIX = HEX.parseHex("302a300506032b6570032100");
  /** RFC 5958 OneAsymmetricKey v2 prefix for an Ed25519 private key, followed by the 32 seed bytes. */
  private static final byte[] PKCS8_V2_PREFIX = HEX.parseHex("3051020101300506032b657004220420");
  /** The tag between the seed and the public key in that form, followed by the 32 key bytes. */
  private static final byte[] PKCS8_V2_PUBLIC_TAG = HEX.parseHex("812100");

  private KeyFiles() {}

  /** The public key file beside a log. */
  static Path publicFileFor(Path logFile) { return logFile.resolveSibling(logFile.getFileName() + ".pub"); }

  /** Loads the key pair from {@code keyFile}, creating it owner-only if absent, and exports the public key. */
  static KeyPair loadOrCreate(Path keyFile, Path publicFile) throws IOException {
    try {
      KeyPair pair = Files.exists(keyFile) ? load(keyFile, publicFile) : create(keyFile);
      byte[] exported = (Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n")
          .getBytes(StandardCharsets.UTF_8);
      if (!Files.exists(publicFile) || !Arrays.equals(Files.readAllBytes(publicFile), exported)) {
        Path temp = publicFile.resolveSibling(publicFile.getFileName() + ".tmp");
        Files.write(temp, exported);
        Files.move(temp, publicFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return pair;
    } catch (GeneralSecurityException e) {
      throw new IOException("audit signing key " + keyFile + " is not a usable Ed25519 key: " + e.getMessage(), e);
    }
  }

  /** Reads an Ed25519 public key: base64 or PEM of X.509 DER, or the raw DER. */
  static PublicKey readPublicKey(Path file) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    byte[] der = decodeText(raw, "PUBLIC KEY");
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der == null ? raw : der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException(file + " is not an Ed25519 public key (X.509 DER, as base64, PEM or raw bytes)", e);
    }
  }

  private static KeyPair create(Path keyFile) throws IOException, GeneralSecurityException {
    KeyPair generated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] v1 = generated.getPrivate().getEncoded();
    byte[] seed = Arrays.copyOfRange(v1, v1.length - 32, v1.length);
    byte[] pub = Arrays.copyOfRange(generated.getPublic().getEncoded(), X509_PREFIX.length, X509_PREFIX.length + 32);
    byte[] v2 = concat(PKCS8_V2_PREFIX, seed, PKCS8_V2_PUBLIC_TAG, pub);
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(v2)
        + "\n-----END PRIVATE KEY-----\n";
    if (keyFile.getParent() != null) Files.createDirectories(keyFile.getParent());
    writeOwnerOnly(keyFile, pem.getBytes(StandardCharsets.US_ASCII));
    LOG.info("created audit signing key {}", keyFile);
    return load(keyFile, null);
  }

  /** Creates a file readable by its owner only (created empty first, so the key is never exposed). */
  private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      FileAttribute<Set<PosixFilePermission>> ownerOnly =
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
      Files.createFile(file, ownerOnly);
    } else {
      Files.createFile(file);
      LOG.warn("the file system of {} has no POSIX permissions; restrict access to the audit signing key yourself", file);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      LogChannel.of(channel).write(ByteBuffer.wrap(content));
      channel.force(true);
    }
  }

  private static KeyPair load(Path keyFile, Path publicFile) throws IOException, GeneralSecurityException {
    if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      var perms = Files.getPosixFilePermissions(keyFile);
      if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        LOG.warn("audit signing key {} is accessible to group or others ({}); restrict it to its owner",
            keyFile, PosixFilePermissions.toString(perms));
      }
    }
    byte[] raw = Files.readAllBytes(keyFile);
    byte[] der = decodeText(raw, "PRIVATE KEY");
    byte[] pkcs8 = der == null ? raw : der;
    PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    PublicKey publicKey;
    int tag = PKCS8_V2_PREFIX.length + 32;
    if (pkcs8.length == tag + PKCS8_V2_PUBLIC_TAG.length + 32
        && Arrays.equals(pkcs8, tag, tag + PKCS8_V2_PUBLIC_TAG.length, PKCS8_V2_PUBLIC_TAG, 0, PKCS8_V2_PUBLIC_TAG.length)) {
      byte[] x509 = concat(X509_PREFIX, Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
      publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    } else if (publicFile != null && Files.exists(publicFile)) {
      publicKey = readPublicKey(publicFile);
    } else {
      throw new GeneralSecurityException("it does not carry its public key and " + publicFile + " does not exist");
    }
    if (!belongTogether(privateKey, publicKey)) {
      throw new GeneralSecurityException("its public key does not match its private key");
    }
    return new KeyPair(publicKey, privateKey);
  }

  private static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    var signer = Signature.getInstance("Ed25519");
    signer.initSign(privateKey);
    signer.update(challenge);
    var verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(publicKey);
    verifier.update(challenge);
    return verifier.verify(signer.sign());
  }

  /** The DER inside PEM armour or plain base64 text, or {@code null} when the bytes are not text. */
  private static byte[] decodeText(byte[] raw, String label) {
    for (byte b : raw) {
      if ((b < 0x20 || b > 0x7e) && b != '\n' && b != '\r' && b != '\t') return null;
    }
    String text = new String(raw, StandardCharsets.US_ASCII)
        .replace("-----BEGIN " + label + "-----", "")
        .replace("-----END " + label + "-----", "")
        .strip();
    try {
      return Base64.getMimeDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) length += part.length;
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
