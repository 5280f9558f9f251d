package dev.portcullis.vault.lease;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.core.LastMileCredential;
import dev.portcullis.vault.VaultException;
import dev.portcullis.vault.VaultException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a lease keeps encrypted: the backend's revocation data, and the credential while the lease
 * is live (dropped once revocation starts).
 *
 * @param revocation what the backend needs to revoke
 * @param credential the minted credential, or {@code null}
 */
record LeaseData(Map<String, String> revocation, LastMileCredential credential) {
  /*
   * Decoding errors never quote the input: it is decrypted credential material.
   */
  private static final JsonMapper JSON = JsonMapper.builder().build();

  LeaseData {
    revocation = Map.copyOf(revocation);
  }

  /** The same data without the credential. */
  LeaseData withoutCredential() { return new LeaseData(revocation, null); }

  byte[] encode() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode revocationNode = root.putObject("revocation");
    revocation.forEach(revocationNode::put);
    switch (credential) {
      case null -> { }
      case LastMileCredential.Headers headers -> {
        ObjectNode node = root.putObject("headers");
        node.put("expiresAt", headers.expiresAt().toString());
        ObjectNode values = node.putObject("values");
        headers.headers().forEach(values::put);
      }
      case LastMileCredential.DatabaseLogin login -> {
        ObjectNode node = root.putObject("databaseLogin");
        node.put("expiresAt", login.expiresAt().toString());
        node.put("username", login.username());
        node.put("password", login.password());
      }
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("lease data could not be encoded");
    }
  }

  static LeaseData decode(String leaseId, byte[] bytes) {
    try {
      JsonNode root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      Map<String, String> revocation = new LinkedHashMap<>();
      root.path("revocation").properties().forEach(e -> revocation.put(e.getKey(), e.getValue().asText()));
      LastMileCredential credential = null;
      if (root.has("headers")) {
        JsonNode node = root.get("headers");
        Map<String, String> values = new LinkedHashMap<>();
        node.path("values").properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        credential = new LastMileCredential.Headers(leaseId, Instant.parse(node.get("expiresAt").asText()), values);
      } else if (root.has("databaseLogin")) {
        JsonNode node = root.get("databaseLogin");
        credential = new LastMileCredential.DatabaseLogin(leaseId, Instant.parse(node.get("expiresAt").asText()),
            node.get("username").asText(), node.get("password").asText());
      }
      return new LeaseData(revocation, credential);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new VaultException(Reason.TAMPERED, "the data of lease " + leaseId + " could not be read");
    }
  }

  @Override
  public String toString() { return "LeaseData[revocation=" + revocation.keySet() + "]"; }
}
