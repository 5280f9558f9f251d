package dev.portcullis.server;

import dev.portcullis.vault.SecretMetadata;
import dev.portcullis.vault.SecretValue;
import dev.portcullis.vault.Vault;
import dev.portcullis.vault.VaultStatus;
import dev.portcullis.vault.crypto.RootKey;
import dev.portcullis.vault.lease.Lease;
import dev.portcullis.vault.lease.LeaseManager;
import dev.portcullis.vault.lease.ScopeKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * What the admin API does with the vault: status, unseal, re-wrap, secrets (written, listed and
 * deleted — never read back), and leases (listed, renewed, revoked one by one, by prefix or by
 * scope). Views carry paths, versions, lease ids, scopes and times; never a secret or a credential.
 */
final class VaultAdmin {
  private final Vault vault;
  private final LeaseManager leases;

  VaultAdmin(Vault vault, LeaseManager leases) {
    this.vault = vault;
    this.leases = leases;
  }

  Map<String, Object> status() { return view(vault.status()); }

  Map<String, Object> unseal(String keyset) {
    vault.unseal(RootKey.fromText(keyset, "the admin request"));
    return status();
  }

  Map<String, Object> rewrap() {
    int rewrapped = vault.rewrapAll(100);
    var view = new LinkedHashMap<>(status());
    view.put("rewrapped", rewrapped);
    return view;
  }

  Map<String, Object> putSecret(String path, String value) {
    return view(vault.put(path, SecretValue.of(value)));
  }

  Map<String, Object> secrets(String prefix) {
    return Map.of("secrets", vault.list(prefix == null ? "" : prefix).stream().map(VaultAdmin::view).toList());
  }

  Map<String, Object> deleteSecret(String path) {
    if (!vault.delete(path)) throw new NoSuchElementException("no secret at '" + path + "'");
    return Map.of("deleted", path);
  }

  Map<String, Object> leases(Map<String, String> filter) {
    Predicate<Lease> matches = lease -> true;
    for (var e : filter.entrySet()) {
      String v = e.getValue();
      if (v == null || v.isBlank()) continue;
      Predicate<Lease> one = switch (e.getKey()) {
        case "backend" -> l -> l.backend().equals(v);
        case "user" -> l -> v.equals(l.scope().user());
        case "agent" -> l -> l.scope().agents().contains(v);
        case "task" -> l -> v.equals(l.scope().task());
        case "txn" -> l -> v.equals(l.scope().txn());
        case "state" -> l -> l.state().name().equalsIgnoreCase(v.replace('-', '_'));
        default -> throw new IllegalArgumentException("unknown lease filter '" + e.getKey()
            + "'; use backend, user, agent, task, txn or state");
      };
      matches = matches.and(one);
    }
    return Map.of("leases", leases.list(matches).stream().map(VaultAdmin::view).toList());
  }

  Map<String, Object> failed() {
    return Map.of("leases", leases.failedRevocations().stream().map(VaultAdmin::view).toList());
  }

  Map<String, Object> renew(String id, Duration increment) {
    return view(leases.renew(id, increment));
  }

  /** Revokes by {@code id}, {@code prefix} or one scope key ({@code user}, {@code agent}, {@code task}, {@code txn}). */
  Map<String, Object> revoke(Map<String, Object> body, String by) {
    String reason = "revoked by " + by + (body.get("reason") instanceof String r && !r.isBlank() ? ": " + r : "");
    var given = new LinkedHashMap<String, String>();
    for (String key : List.of("id", "prefix", "user", "agent", "task", "txn")) {
      if (body.get(key) instanceof String s && !s.isBlank()) given.put(key, s);
    }
    if (given.size() != 1) {
      throw new IllegalArgumentException("name exactly one of id, prefix, user, agent, task or txn");
    }
    var e = given.entrySet().iterator().next();
    int revoked = switch (e.getKey()) {
      case "id" -> {
        if (leases.find(e.getValue()).isEmpty()) throw new NoSuchElementException("no lease '" + e.getValue() + "'");
        yield leases.revoke(e.getValue(), reason) ? 1 : 0;
      }
      case "prefix" -> leases.revokeByPrefix(e.getValue(), reason);
      default -> leases.revokeByScope(ScopeKind.valueOf(e.getKey().toUpperCase(Locale.ROOT)), e.getValue(), reason);
    };
    return Map.of("revoked", revoked, e.getKey(), e.getValue());
  }


  private static Map<String, Object> view(VaultStatus s) {
    var m = new LinkedHashMap<String, Object>();
    m.put("sealed", s.sealed());
    if (s.sealedReason() != null) m.put("reason", s.sealedReason());
    m.put("keyIds", s.keyIds());
    if (s.primaryKeyId() != null) m.put("primaryKeyId", s.primaryKeyId());
    m.put("records", s.records());
    m.put("recordsUnderOlderKeys", s.recordsUnderOlder());
    m.put("droppableKeyIds", List.copyOf(s.droppableKeyIds()));
    return m;
  }

  private static Map<String, Object> view(SecretMetadata s) {
    return Map.of("path", s.path(), "version", s.version(), "createdAt", s.createdAt().toString(),
        "updatedAt", s.updatedAt().toString());
  }

  static Map<String, Object> view(Lease l) {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", l.id());
    m.put("backend", l.backend());
    m.put("state", l.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    if (l.scope().user() != null) m.put("user", l.scope().user());
    m.put("agents", l.scope().agents());
    m.put("task", l.scope().task());
    if (l.scope().txn() != null) m.put("txn", l.scope().txn());
    m.put("issuedAt", l.issuedAt().toString());
    m.put("expiresAt", l.expiresAt().toString());
    m.put("maxExpiresAt", l.maxExpiresAt().toString());
    if (l.revokeAttempts() > 0) m.put("revokeAttempts", l.revokeAttempts());
    if (l.nextAttemptAt() != null) m.put("nextAttemptAt", l.nextAttemptAt().toString());
    if (l.lastError() != null) m.put("lastError", l.lastError());
    return m;
  }
}
