package dev.portcullis.identity;

import dev.portcullis.core.state.RevocationRecord;
import dev.portcullis.core.state.RevocationRepository;
import java.util.ArrayList;
import java.util.List;

/** A revocation repository in a list, keeping the first revocation of each kind and target. */
final class InMemoryRevocations implements RevocationRepository {
  private final List<RevocationRecord> revocations = new ArrayList<>();
  int lists;

  @Override
  public void add(RevocationRecord revocation) {
    boolean known = revocations.stream()
        .anyMatch(r -> r.kind() == revocation.kind() && r.target().equals(revocation.target()));
    if (!known) revocations.add(revocation);
  }

  @Override
  public List<RevocationRecord> list() {
    lists++;
    return List.copyOf(revocations);
  }
}
