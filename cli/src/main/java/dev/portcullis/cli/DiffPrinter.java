package dev.portcullis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * Prints the differences between a tool's approved and offered definitions, field by field, each
 * value on its own indented lines and long text wrapped, so a changed description can be read.
 */
final class DiffPrinter {
  private static final int WIDTH = 96;

  private DiffPrinter() {}

  /** Prints a {@code /tools/{name}/diff} answer. */
  static void print(JsonNode diff, PrintWriter out) {
    out.println("tool " + Text.field(diff, "name"));
    out.println("  approved digest: " + Text.field(diff, "approvedDigest"));
    out.println("  offered digest:  " + Text.field(diff, "offeredDigest"));
    JsonNode differences = diff.path("differences");
    if (!differences.isArray() || differences.isEmpty()) {
      out.println("no differences");
      return;
    }
    for (JsonNode difference : differences) {
      out.println();
      out.println("field " + Text.field(difference, "field") + ":");
      printValue(out, "- approved:", difference.get("approved"));
      printValue(out, "+ offered:", difference.get("offered"));
    }
  }

  private static void printValue(PrintWriter out, String heading, JsonNode value) {
    out.println("  " + heading);
    for (String line : Text.wrap(Text.block(value), WIDTH)) out.println("      " + line);
  }
}
