package dev.portcullis.bench.scenarios.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The state of a scenario server, kept in one JSON file that the server reads on every call and
 * rewrites after every change. Keeping nothing in memory is what lets the runner give each run
 * fresh state by rewriting the file, without a reset tool the agent could see.
 */
public final class StateFile {
  private StateFile() {}

  /** Reads the state. */
  public static ObjectNode load(Path file) {
    try {
      JsonNode node = Json.parse(Files.readString(file));
      if (!(node instanceof ObjectNode object)) throw new IllegalStateException("state file " + file + " does not hold a JSON object");
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read state file " + file, e);
    }
  }

  /** Replaces the state atomically, so a reader never sees half a file. */
  public static void save(Path file, JsonNode state) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, Json.pretty(state));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write state file " + file, e);
    }
  }
}
