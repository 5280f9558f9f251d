package dev.portcullis.core.state;

import java.util.List;
import java.util.Optional;

/** Storage of {@link ToolRecord}s. */
public interface ToolRepository {
  /** Inserts or replaces a registration. */
  void put(ToolRecord tool);

  /** The registration with this namespaced name. */
  Optional<ToolRecord> get(String name);

  /** All registrations, by name. */
  List<ToolRecord> list();
}
