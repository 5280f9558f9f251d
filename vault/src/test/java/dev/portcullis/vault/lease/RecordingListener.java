package dev.portcullis.vault.lease;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every lease event as a line of text, the way an audit log would see it. */
final class RecordingListener implements LeaseListener {
  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void issued(Lease lease) { events.add("issued " + lease); }

  @Override
  public void renewed(Lease lease) { events.add("renewed " + lease); }

  @Override
  public void revoked(Lease lease, String reason) { events.add("revoked " + lease.id() + " " + reason + " " + lease); }

  @Override
  public void revokeFailed(Lease lease, String reason) { events.add("revokeFailed " + lease.id() + " " + reason + " " + lease); }

  List<String> kinds() { return events.stream().map(e -> e.substring(0, e.indexOf(' '))).toList(); }
}
