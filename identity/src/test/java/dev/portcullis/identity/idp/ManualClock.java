package dev.portcullis.identity.idp;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that stands still until a test moves it. */
final class ManualClock implements InstantSource {
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private volatile Instant now = START;

  @Override
  public Instant instant() { return now; }

  void advance(Duration duration) { now = now.plus(duration); }
}
