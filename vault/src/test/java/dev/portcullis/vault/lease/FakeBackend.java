package dev.portcullis.vault.lease;

import dev.portcullis.core.LastMileCredential;
import dev.portcullis.vault.CredentialBackend;
import dev.portcullis.vault.MintRequest;
import dev.portcullis.vault.Minted;
import dev.portcullis.vault.VaultException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A credential backend that counts what it is asked to do and can be told to fail or stall. */
final class FakeBackend implements CredentialBackend {
  final String name;
  final AtomicInteger mints = new AtomicInteger();
  final List<String> revoked = new CopyOnWriteArrayList<>();
  final List<Map<String, String>> revocationData = new CopyOnWriteArrayList<>();
  volatile boolean failRevokes;
  volatile boolean failMints;
  volatile CountDownLatch mintGate;

  FakeBackend(String name) { this.name = name; }

  @Override
  public String name() { return name; }

  @Override
  public String kind() { return "fake"; }

  @Override
  public Minted mint(MintRequest request) {
    int n = mints.incrementAndGet();
    CountDownLatch gate = mintGate;
    if (gate != null) {
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failMints) {
      throw new VaultException(VaultException.Reason.BACKEND_FAILED, "backend " + name + " is unreachable");
    }
    return new Minted(new LastMileCredential.Headers(request.leaseId(), request.notAfter(),
        Map.of("Authorization", "Bearer tok-secret-" + n)), Map.of("role", "role-" + n));
  }

  @Override
  public void revoke(String leaseId, Map<String, String> data) {
    if (failRevokes) {
      throw new VaultException(VaultException.Reason.BACKEND_FAILED, "backend " + name + " refused the revocation");
    }
    revoked.add(leaseId);
    revocationData.add(data);
  }
}
