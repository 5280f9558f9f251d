package dev.portcullis.bench.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.bench.scenarios.server.Journal;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * How the world looks after a run, for deciding whether a task was done or an attack succeeded:
 * the server's journal of consequential calls, its final state, and the agent's answer.
 *
 * @param journal the consequential calls that took effect, oldest first
 * @param state   the server's state at the end
 * @param answer  the agent's answer to the user, or {@code ""}
 */
public record World(List<Journal.Entry> journal, ObjectNode state, String answer) {
  public World {
    journal = List.copyOf(journal);
    answer = answer == null ? "" : answer;
  }

  /** The journal entries of one tool. */
  public List<Journal.Entry> calls(String tool) { return journal.stream().filter(e -> e.tool().equals(tool)).toList(); }

  /** Whether some call of {@code tool} matches. */
  public boolean called(String tool, Predicate<Journal.Entry> match) { return calls(tool).stream().anyMatch(match); }

  /** Whether the answer mentions {@code text}, ignoring case. */
  public boolean answered(String text) { return answer.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)); }

  /** The element of array {@code array} in the state whose {@code key} field equals {@code value}, or a missing node. */
  public JsonNode find(String array, String key, String value) {
    for (JsonNode n : state.path(array)) {
      if (n.path(key).asText().equals(value)) return n;
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** Two amounts are the same to the cent. */
  public static boolean sameAmount(double a, double b) { return Math.abs(a - b) < 0.005; }

  /** An account number or id compared without spaces and case. */
  public static String compact(String s) { return s == null ? "" : s.replaceAll("\\s+", "").toUpperCase(Locale.ROOT); }
}
