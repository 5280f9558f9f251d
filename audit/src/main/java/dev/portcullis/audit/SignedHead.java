package dev.portcullis.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.portcullis.core.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signed statement "the log held {@code seq} entries, the last with hash {@code hash}", kept
 * beside the log as {@code <log>.head}. A log shorter than its head, or with another hash at the
 * head's seq, has lost entries from its end.
 *
 * <p>The signature is Ed25519 over the canonical JSON of {@code {"format", "hash", "seq", "time"}};
 * the format string separates it from anything else the key might sign. Signed checkpoints in the
 * C2SP tlog-checkpoint format will replace this file once the log is a Merkle tree.
 */
record SignedHead(long seq, String hash, Instant time, byte[] signature) {
  static final String FORMAT = "portcullis-audit-head/v1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Signs a head with the log's private key. */
  static SignedHead sign(long seq, String hash, Instant time, PrivateKey key) throws GeneralSecurityException {
    var signer = Signature.getInstance("Ed25519");
    signer.initSign(key);
    signer.update(message(seq, hash, time));
    return new SignedHead(seq, hash, time, signer.sign());
  }

  /** Whether the signature verifies with this public key; {@code false} for a key of another kind. */
  boolean verifies(PublicKey key) {
    try {
      var verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message(seq, hash, time));
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The head file beside a log. */
  static Path fileFor(Path logFile) { return logFile.resolveSibling(logFile.getFileName() + ".head"); }

  /** Reads and parses a head file. */
  static SignedHead read(Path file) throws IOException {
    JsonNode node = JSON.readTree(Files.readAllBytes(file));
    if (node == null || !node.isObject() || !node.path("seq").canConvertToExactIntegral()
        || !node.path("hash").isTextual() || !node.path("time").isTextual() || !node.path("signature").isTextual()) {
      throw new IOException("head file " + file + " lacks seq, hash, time or signature");
    }
    try {
      return new SignedHead(node.get("seq").longValue(), node.get("hash").textValue(),
          Instant.parse(node.get("time").textValue()), Base64.getDecoder().decode(node.get("signature").textValue()));
    } catch (RuntimeException e) {
      throw new IOException("head file " + file + " has a malformed time or signature", e);
    }
  }

  /**
   * Replaces the head file atomically (temporary file, then rename). Not fsync'd: a head lost in a
   * crash is merely older than the log, which the checks accept; the next batch writes a new one.
   */
  void writeTo(Path file) throws IOException {
    var json = new LinkedHashMap<String, Object>();
    json.put("seq", seq);
    json.put("hash", hash);
    json.put("time", time.toString());
    json.put("signature", Base64.getEncoder().encodeToString(signature));
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, (CanonicalJson.text(json) + "\n").getBytes(StandardCharsets.UTF_8));
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static byte[] message(long seq, String hash, Instant time) {
    return CanonicalJson.bytes(Map.of("format", FORMAT, "seq", seq, "hash", hash, "time", time.toString()));
  }
}
