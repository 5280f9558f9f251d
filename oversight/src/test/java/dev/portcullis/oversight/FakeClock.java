package dev.portcullis.oversight;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand. */
final class FakeClock implements InstantSource {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T09:00:00Z"));

  @Override
  public Instant instant() { return now.get(); }

  void advance(Duration d) { now.updateAndGet(t -> t.plus(d)); }
}
