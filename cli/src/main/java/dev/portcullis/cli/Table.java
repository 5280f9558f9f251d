package dev.portcullis.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A table of text printed with its columns aligned, the header first. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  /** A table with these column headers. */
  Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers.clone());
  }

  /** Adds a row; each cell is shown with {@link String#valueOf}. */
  Table row(Object... cells) {
    if (cells.length != columns) throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + columns);
    var row = new String[columns];
    for (int i = 0; i < columns; i++) row[i] = String.valueOf(cells[i]);
    rows.add(row);
    return this;
  }

  /** Whether the table has no row besides its header. */
  boolean isEmpty() { return rows.size() == 1; }

  /** Prints the table, columns two spaces apart, the last one unpadded. */
  void print(PrintWriter out) { print(out, ""); }

  /** Prints the table with every line starting with {@code indent}. */
  void print(PrintWriter out, String indent) {
    var widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) widths[i] = Math.max(widths[i], row[i].length());
    }
    for (String[] row : rows) {
      var line = new StringBuilder(indent);
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) line.append(" ".repeat(widths[i] - row[i].length() + 2));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
