package dev.portcullis.core.state;

import java.util.List;

/** Storage of engaged {@link KillSwitch}es. */
public interface SwitchRepository {
  /** Engages a switch (replacing one with the same scope and target). */
  void engage(KillSwitch killSwitch);

  /** Releases a switch; returns whether one was engaged. */
  boolean release(String scope, String target);

  /** All engaged switches. */
  List<KillSwitch> list();
}
