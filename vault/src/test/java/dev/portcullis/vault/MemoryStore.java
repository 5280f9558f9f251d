package dev.portcullis.vault;

import dev.portcullis.core.state.AgentInstanceRepository;
import dev.portcullis.core.state.AgentRepository;
import dev.portcullis.core.state.ApprovalRepository;
import dev.portcullis.core.state.LeaseRecord;
import dev.portcullis.core.state.LeaseRepository;
import dev.portcullis.core.state.RevocationRepository;
import dev.portcullis.core.state.SecretRecord;
import dev.portcullis.core.state.SecretRepository;
import dev.portcullis.core.state.Store;
import dev.portcullis.core.state.SwitchRepository;
import dev.portcullis.core.state.ToolRepository;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A store in memory holding secrets and leases, with the same semantics as the SQLite one; two
 * vaults or lease managers over one instance behave as a restarted gateway over one database.
 */
public final class MemoryStore implements Store {
  private final Map<String, SecretRecord> secrets = new TreeMap<>();
  private final Map<String, LeaseRecord> leases = new TreeMap<>();

  private final SecretRepository secretRepository = new SecretRepository() {
    @Override
    public SecretRecord put(String path, byte[] ciphertext, Instant now) {
      synchronized (secrets) {
        SecretRecord old = secrets.get(path);
        SecretRecord record = old == null ? new SecretRecord(path, ciphertext.clone(), 1, now, now)
            : new SecretRecord(path, ciphertext.clone(), old.version() + 1, old.createdAt(), now);
        secrets.put(path, record);
        return record;
      }
    }

    @Override
    public Optional<SecretRecord> find(String path) {
      synchronized (secrets) {
        return Optional.ofNullable(secrets.get(path));
      }
    }

    @Override
    public boolean delete(String path) {
      synchronized (secrets) {
        return secrets.remove(path) != null;
      }
    }

    @Override
    public List<SecretRecord> list(String prefix) {
      synchronized (secrets) {
        return secrets.values().stream().filter(r -> r.path().startsWith(prefix)).toList();
      }
    }

    @Override
    public boolean replaceCiphertext(String path, byte[] expected, byte[] replacement) {
      synchronized (secrets) {
        SecretRecord old = secrets.get(path);
        if (old == null || !Arrays.equals(old.ciphertext(), expected)) {
          return false;
        }
        secrets.put(path, new SecretRecord(path, replacement.clone(), old.version(), old.createdAt(), old.updatedAt()));
        return true;
      }
    }
  };

  private final LeaseRepository leaseRepository = new LeaseRepository() {
    @Override
    public void put(LeaseRecord lease) {
      synchronized (leases) {
        leases.put(lease.id(), lease);
      }
    }

    @Override
    public Optional<LeaseRecord> find(String id) {
      synchronized (leases) {
        return Optional.ofNullable(leases.get(id));
      }
    }

    @Override
    public List<LeaseRecord> list() {
      synchronized (leases) {
        return leases.values().stream()
            .sorted(Comparator.comparing(LeaseRecord::issuedAt).thenComparing(LeaseRecord::id)).toList();
      }
    }

    @Override
    public boolean delete(String id) {
      synchronized (leases) {
        return leases.remove(id) != null;
      }
    }

    @Override
    public boolean replaceSealed(String id, byte[] expected, byte[] replacement) {
      synchronized (leases) {
        LeaseRecord old = leases.get(id);
        if (old == null || !Arrays.equals(old.sealed(), expected)) {
          return false;
        }
        leases.put(id, old.with(old.state(), replacement, old.revokeAttempts(), old.nextAttemptAt(), old.lastError()));
        return true;
      }
    }
  };

  @Override
  public SecretRepository secrets() { return secretRepository; }

  @Override
  public LeaseRepository leases() { return leaseRepository; }

  @Override
  public AgentRepository agents() { throw new UnsupportedOperationException("not in the vault's test store"); }

  @Override
  public ToolRepository tools() { throw new UnsupportedOperationException("not in the vault's test store"); }

  @Override
  public ApprovalRepository approvals() { throw new UnsupportedOperationException("not in the vault's test store"); }

  @Override
  public SwitchRepository switches() { throw new UnsupportedOperationException("not in the vault's test store"); }

  @Override
  public AgentInstanceRepository instances() { throw new UnsupportedOperationException("not in the vault's test store"); }

  @Override
  public RevocationRepository revocations() { throw new UnsupportedOperationException("not in the vault's test store"); }

  @Override
  public void close() {}
}
